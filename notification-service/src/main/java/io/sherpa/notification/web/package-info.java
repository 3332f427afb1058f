/** HTTP: inbox, mentors, preferences, unsubscribe links and dead letters, behind site keys. */
package io.sherpa.notification.web;
