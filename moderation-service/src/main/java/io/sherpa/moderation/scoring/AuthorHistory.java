package io.sherpa.moderation.scoring;

import java.time.Instant;
import java.util.List;

/**
 * What is known of an author on one site before this comment: how many comments they posted, how many of
 * those are approved and how many held or rejected, and their recent ones (newest last) with a fingerprint
 * of each text.
 */
public record AuthorHistory(long total, long approved, long notApproved, List<PriorComment> recent) {

    /** Approved comments an author needs, none held or rejected, to have a clean record. */
    public static final int ESTABLISHED_AFTER = 3;

    public AuthorHistory {
        recent = List.copyOf(recent);
    }

    /** A history whose decisions are not known (none counted as approved). */
    public AuthorHistory(long total, List<PriorComment> recent) {
        this(total, 0, 0, recent);
    }

    /**
     * Whether the author has a clean record here: at least {@link #ESTABLISHED_AFTER} comments approved and
     * none held or rejected. Such an author gets the benefit of the doubt where a rule is only suspicious.
     */
    public boolean isEstablished() {
        return approved >= ESTABLISHED_AFTER && notApproved == 0;
    }

    public static AuthorHistory none() {
        return new AuthorHistory(0, 0, 0, List.of());
    }

    public boolean isNewcomer() {
        return total == 0;
    }

    /** One earlier comment: its id, the fingerprint of its normalised text, when it arrived. */
    public record PriorComment(String commentId, String fingerprint, Instant at) {}
}
