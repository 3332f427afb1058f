package io.sherpa.ingest.comments;

import java.time.Instant;

/**
 * A comment that passed validation, cleaned: control characters removed from the text, the e-mail
 * address replaced by its hash, the IP address by its prefix.
 */
record ValidComment(
        String externalId,
        String postId,
        String postAuthorId,
        String postTitle,
        String postUrl,
        String parentExternalId,
        String authorId,
        String authorName,
        String authorEmailHash,
        String authorUrl,
        String text,
        Instant createdAt,
        String ipPrefix,
        String userAgent,
        String referrer) {}
