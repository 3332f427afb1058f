/**
 * Erasure of an author (GDPR) in this service: {@code AuthorErased} anonymises what they wrote in every
 * notification and comment view, deletes their contact details and inbox, and is remembered so that later
 * decisions never bring them back.
 */
package io.sherpa.notification.erasure;
