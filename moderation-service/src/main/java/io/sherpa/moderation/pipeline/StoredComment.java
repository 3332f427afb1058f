package io.sherpa.moderation.pipeline;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import java.time.Instant;

/**
 * A comment as moderation-service keeps it: what was submitted, the latest decision (with its sequence)
 * and which submission event produced the automatic decision.
 */
public record StoredComment(
        CommentSubmitted submitted, CommentDecided latest, String submittedEventId, String note, Instant heldSince) {}
