package io.sherpa.notification.recipients;

/**
 * A published comment as the rules see it. {@code parentAuthorId} is known when the comment is a reply
 * and its parent's author is known (from the event, or from this service's own view of comments).
 */
public record ApprovedComment(
        String commentId,
        String siteId,
        String postId,
        String postAuthorId,
        String parentCommentId,
        String parentAuthorId,
        String authorId,
        String excerpt,
        boolean firstTimeAuthor) {

    public boolean isReply() {
        return parentCommentId != null;
    }

    /** Whether it asks something (a question mark outside a link). */
    public boolean asksAQuestion() {
        if (excerpt == null) {
            return false;
        }
        for (String word : excerpt.split("\\s+")) {
            if (word.contains("?") && !word.contains("://")) {
                return true;
            }
        }
        return false;
    }
}
