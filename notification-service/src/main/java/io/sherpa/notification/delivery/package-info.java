/** Delivery beyond the inbox: signed webhooks with retries and dead letters, e-mail with digests, and the timers of unanswered questions. */
package io.sherpa.notification.delivery;
