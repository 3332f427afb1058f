package io.sherpa.ingest.comments;

import java.util.Map;

/**
 * ingest's own record of a comment. {@code state} is {@link #RECEIVED} while the comment is on its way to
 * Kafka (not yet accepted: a crash leaves it here and a retry publishes it again), {@code PENDING} once
 * Kafka acknowledged it, then the latest decision.
 */
record StoredComment(
        String id,
        String siteId,
        String externalId,
        String contentHash,
        String state,
        String authorId,
        long decisionSequence,
        Map<String, Object> decision) {

    static final String RECEIVED = "RECEIVED";
    static final String PENDING = "PENDING";

    boolean accepted() {
        return !RECEIVED.equals(state);
    }
}
