/** Mentors of a site and each user's notification preferences (channels, digest, muted posts, webhook and its secret). */
package io.sherpa.notification.people;
