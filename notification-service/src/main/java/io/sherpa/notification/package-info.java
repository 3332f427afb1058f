/**
 * notification-service: tells the people who should know about approved comments — the author replied
 * to, the post's author, the site's mentors — once per (recipient, comment, kind), and withdraws what a
 * later rejection takes back. {@code recipients} is the plain-Java domain; the rest are adapters.
 */
package io.sherpa.notification;
