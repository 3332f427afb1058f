package io.sherpa.ingest.comments;

import java.util.Map;

/**
 * ingest's own record of a comment. Not {@link #accepted()} while the comment is on its way to Kafka (a
 * crash leaves it so, and a retry publishes it again); accepted once Kafka acknowledged it or a decision
 * arrived. {@code state} is the latest decision, or {@link #RECEIVED} before one.
 */
record StoredComment(
        String id,
        String siteId,
        String externalId,
        String contentHash,
        String state,
        String authorId,
        boolean acceptedFlag,
        long decisionSequence,
        Map<String, Object> decision) {

    static final String RECEIVED = "RECEIVED";
    static final String PENDING = "PENDING";

    boolean accepted() {
        return acceptedFlag || decisionSequence > 0;
    }

    /** What the API shows: the decision, or PENDING while there is none. */
    String publicStatus() {
        return decisionSequence > 0 ? state : PENDING;
    }
}
