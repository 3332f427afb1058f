package io.sherpa.moderation.scoring;

import java.time.Instant;

/** The comment being scored, as signals see it. */
public record Comment(
        String commentId,
        String siteId,
        String authorId,
        String authorName,
        String text,
        String postId,
        Instant receivedAt) {}
