package io.sherpa.common.events;

import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.Objects;

/**
 * A blog platform handed Sherpa a new comment and Kafka acknowledged it. Keyed by {@code siteId/authorId}
 * so that one author's comments stay in order on one partition.
 */
public record CommentSubmitted(
        EventId eventId,
        CommentId commentId,
        SiteId siteId,
        String externalId,
        String postId,
        String postAuthorId,
        String postTitle,
        String postUrl,
        CommentId parentCommentId,
        String parentExternalId,
        String parentAuthorId,
        Author author,
        String text,
        Instant submittedAt,
        Instant receivedAt,
        Envelope envelope) {

    public CommentSubmitted {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(commentId, "commentId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (submittedAt == null) {
            submittedAt = receivedAt;
        }
        if (envelope == null) {
            envelope = Envelope.NONE;
        }
    }

    /** The Kafka key: the site and the author, so per-author signals see one ordered history. */
    public String partitionKey() {
        return Keys.siteAuthor(siteId, author.id());
    }

    /** Who wrote the comment. The e-mail address never travels: only its SHA-256 hash does. */
    public record Author(String id, String name, String emailHash, String url) {
        public Author {
            Objects.requireNonNull(id, "author.id");
            Objects.requireNonNull(name, "author.name");
        }
    }

    /** Where the comment came from, reduced to what moderation needs: an IP prefix (/24 or /48), never an address. */
    public record Envelope(String ipPrefix, String userAgent, String referrer) {
        public static final Envelope NONE = new Envelope(null, null, null);
    }
}
