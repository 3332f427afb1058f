package io.sherpa.common.events;

import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A decision about one comment. Keyed by {@code commentId}. {@code sequence} is 1 for the automatic
 * decision and grows by one with each later (moderator) decision; consumers apply a decision only if its
 * sequence is newer than what they hold.
 */
public record CommentDecided(
        EventId eventId,
        CommentId commentId,
        SiteId siteId,
        String postId,
        String postAuthorId,
        CommentId parentCommentId,
        String parentAuthorId,
        String authorId,
        String authorName,
        String textExcerpt,
        Decision decision,
        DecisionSource source,
        String moderatorId,
        long sequence,
        Map<String, Double> scores,
        List<Reason> reasons,
        boolean firstTimeAuthor,
        String policyVersion,
        String modelVersion,
        Instant submittedAt,
        Instant decidedAt) {

    public CommentDecided {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(commentId, "commentId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(source, "source");
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence starts at 1");
        }
        scores = scores == null ? Map.of() : Map.copyOf(scores);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * A moderator's decision that replaces this one: the same comment, the next sequence, a new event id,
     * source {@code MODERATOR}; scores and reasons stay as the automatic decision gave them.
     */
    public CommentDecided byModerator(String moderatorId, Decision newDecision, Instant at) {
        return new CommentDecided(
                EventId.random(),
                commentId,
                siteId,
                postId,
                postAuthorId,
                parentCommentId,
                parentAuthorId,
                authorId,
                authorName,
                textExcerpt,
                newDecision,
                DecisionSource.MODERATOR,
                moderatorId,
                sequence + 1,
                scores,
                reasons,
                firstTimeAuthor,
                policyVersion,
                modelVersion,
                submittedAt,
                at);
    }

    /** The Kafka key: the comment, so every decision about it stays in order. */
    public String partitionKey() {
        return commentId.asString();
    }
}
