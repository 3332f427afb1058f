package io.sherpa.ingest.comments;

import io.sherpa.common.ids.CommentId;

/** What happened to one submitted comment. */
public sealed interface IntakeResult {

    CommentId id();

    /** New, and Kafka has it: {@code 202}. */
    record Accepted(CommentId id) implements IntakeResult {}

    /** Submitted before with the same content: {@code 200} with its current status. */
    record Replayed(CommentId id, String status) implements IntakeResult {}
}
