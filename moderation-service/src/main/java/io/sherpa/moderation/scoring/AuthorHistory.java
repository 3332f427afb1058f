package io.sherpa.moderation.scoring;

import java.time.Instant;
import java.util.List;

/**
 * What is known of an author on one site before this comment: how many comments they posted, and their
 * recent ones (newest last) with a fingerprint of each text.
 */
public record AuthorHistory(long total, List<PriorComment> recent) {

    public AuthorHistory {
        recent = List.copyOf(recent);
    }

    public static AuthorHistory none() {
        return new AuthorHistory(0, List.of());
    }

    public boolean isNewcomer() {
        return total == 0;
    }

    /** One earlier comment: its id, the fingerprint of its normalised text, when it arrived. */
    public record PriorComment(String commentId, String fingerprint, Instant at) {}
}
