package io.sherpa.notification;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Automatic approvals as moderation-service publishes them, for the tests of notification-service. */
public final class Decisions {

    private Decisions() {}

    /** An automatic approval (sequence 1) of a comment on {@code postId}, a reply when {@code parent} is given. */
    public static CommentDecided approved(
            String site,
            String externalId,
            String postId,
            String postAuthor,
            String authorId,
            String authorName,
            String text,
            CommentId parent,
            String parentAuthor) {
        SiteId siteId = SiteId.of(site);
        return new CommentDecided(
                EventId.random(),
                CommentId.derive(siteId, externalId),
                siteId,
                postId,
                postAuthor,
                parent,
                parentAuthor,
                authorId,
                authorName,
                text,
                Decision.APPROVED,
                DecisionSource.AUTOMATIC,
                null,
                1,
                Map.of(),
                List.of(),
                false,
                "0",
                "rules-1",
                Instant.now(),
                Instant.now());
    }
}
