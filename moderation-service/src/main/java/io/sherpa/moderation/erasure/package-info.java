/** Erasure of an author's data (GDPR) in moderation-service, on {@code sherpa.authors.erased.v1}. */
package io.sherpa.moderation.erasure;
