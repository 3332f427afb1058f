/** Notifications and the inbox: stored once per (recipient, comment, kind), read over HTTP and SSE, withdrawn when a comment is rejected later. */
package io.sherpa.notification.inbox;
