/** The moderators' side: the queue of held comments (paged and live), and moderator decisions. */
package io.sherpa.moderation.queue;
