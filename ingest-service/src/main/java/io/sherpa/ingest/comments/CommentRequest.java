package io.sherpa.ingest.comments;

/**
 * A comment as a blog platform posts it ({@code POST /api/v1/comments}). Everything is optional at this
 * level so that a missing field is a field error, not a parse failure; {@link CommentValidator} decides.
 */
public record CommentRequest(
        String externalId,
        String postId,
        String postAuthorId,
        String postTitle,
        String postUrl,
        String parentExternalId,
        AuthorRequest author,
        String text,
        String createdAt,
        EnvelopeRequest envelope) {

    /** The comment's author. {@code email} is hashed on arrival and never stored or published as given. */
    public record AuthorRequest(String id, String name, String email, String url) {}

    /** Where the request came from. {@code ip} is reduced to its /24 (IPv4) or /48 (IPv6) prefix on arrival. */
    public record EnvelopeRequest(String ip, String userAgent, String referrer) {}
}
