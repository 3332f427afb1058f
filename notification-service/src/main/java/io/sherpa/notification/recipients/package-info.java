/** Who gets notified of what: small named rules over a decided comment, plain Java, unit-tested without Spring. */
package io.sherpa.notification.recipients;
