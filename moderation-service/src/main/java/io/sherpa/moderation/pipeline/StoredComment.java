package io.sherpa.moderation.pipeline;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import java.time.Instant;

/**
 * A comment as moderation-service keeps it: what was submitted, the latest decision (with its sequence)
 * and which submission event produced the automatic decision. {@code effectsPending} is the automatic
 * decision while what it changes besides the comment (its author's record, the campaign bands, the overview's
 * counts) may not all be written yet; {@code null} once they are.
 */
public record StoredComment(
        CommentSubmitted submitted,
        CommentDecided latest,
        String submittedEventId,
        String note,
        Instant heldSince,
        Decision effectsPending) {}
