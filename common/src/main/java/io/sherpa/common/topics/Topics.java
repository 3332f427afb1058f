package io.sherpa.common.topics;

import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.SiteChanged;
import java.util.List;

/** Sherpa's topics (DESIGN §2). */
public final class Topics {

    /** Partitions of the comment topics: the most consumers of one group that can share the work. */
    public static final int COMMENT_PARTITIONS = 12;

    public static final Topic<SiteChanged> SITES = new Topic<>("sherpa.sites.v1", "siteId", SiteChanged.class, 1, true);

    public static final Topic<CommentSubmitted> COMMENTS_SUBMITTED = new Topic<>(
            "sherpa.comments.submitted.v1", "siteId/authorId", CommentSubmitted.class, COMMENT_PARTITIONS, false);

    public static final Topic<CommentDecided> COMMENTS_DECIDED =
            new Topic<>("sherpa.comments.decided.v1", "commentId", CommentDecided.class, COMMENT_PARTITIONS, false);

    public static final Topic<AuthorErased> AUTHORS_ERASED =
            new Topic<>("sherpa.authors.erased.v1", "siteId/authorId", AuthorErased.class, COMMENT_PARTITIONS, false);

    private Topics() {}

    public static List<Topic<?>> all() {
        return List.of(SITES, COMMENTS_SUBMITTED, COMMENTS_DECIDED, AUTHORS_ERASED);
    }
}
