package io.sherpa.moderation.queue;

import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Reason;
import io.sherpa.moderation.pipeline.AuthorRecord;
import io.sherpa.moderation.pipeline.StoredComment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One card of the queue: the comment, why it is there, and who wrote it. */
public record QueueItem(
        String id,
        String siteId,
        String postId,
        String postTitle,
        String postUrl,
        Author author,
        String text,
        String decision,
        String source,
        long sequence,
        List<Reason> reasons,
        Map<String, Double> scores,
        Instant receivedAt,
        Instant decidedAt,
        long waitingSeconds,
        String policyVersion) {

    /** The author with their standing on the site and their latest other comments there. */
    public record Author(
            String id,
            String name,
            boolean firstComment,
            long approved,
            long held,
            long rejected,
            List<RecentComment> recent) {}

    /** One of the author's other comments: its start, where it stands, when it came. */
    public record RecentComment(String id, String excerpt, String decision, Instant receivedAt) {

        static RecentComment of(StoredComment c) {
            String text = c.submitted().text();
            return new RecentComment(
                    c.submitted().commentId().asString(),
                    text.length() > 140 ? text.substring(0, 140) + "…" : text,
                    c.latest().decision().name(),
                    c.heldSince());
        }
    }

    static QueueItem of(StoredComment c, AuthorRecord author, Instant now) {
        return of(c, author, List.of(), now);
    }

    static QueueItem of(StoredComment c, AuthorRecord author, List<StoredComment> recent, Instant now) {
        CommentSubmitted s = c.submitted();
        return new QueueItem(
                s.commentId().asString(),
                s.siteId().value(),
                s.postId(),
                s.postTitle(),
                s.postUrl(),
                new Author(
                        s.author().id(),
                        s.author().name(),
                        c.latest().firstTimeAuthor(),
                        author == null ? 0 : author.approved(),
                        author == null ? 0 : author.held(),
                        author == null ? 0 : author.rejected(),
                        recent.stream()
                                .filter(r -> !r.submitted().commentId().equals(s.commentId()))
                                .map(RecentComment::of)
                                .toList()),
                s.text(),
                c.latest().decision().name(),
                c.latest().source().name(),
                c.latest().sequence(),
                c.latest().reasons(),
                c.latest().scores(),
                s.receivedAt(),
                c.latest().decidedAt(),
                Math.max(0, Duration.between(s.receivedAt(), now).toSeconds()),
                c.latest().policyVersion());
    }
}
