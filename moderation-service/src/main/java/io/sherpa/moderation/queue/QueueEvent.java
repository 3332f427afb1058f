package io.sherpa.moderation.queue;

/**
 * A change to a queue, sent over {@code GET /api/v1/queue/stream}: {@code ENTERED} (a comment was held;
 * {@code item} is its queue card) or {@code LEFT} (a held comment was decided).
 */
public record QueueEvent(
        String type, String commentId, String siteId, String decision, long sequence, QueueItem item) {}
