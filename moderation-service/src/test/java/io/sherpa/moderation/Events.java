package io.sherpa.moderation;

import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.TestSites;
import io.sherpa.common.topics.Topics;
import java.time.Instant;

/** Test-side producer of what other services would publish: sites and submitted comments. */
final class Events {

    private Events() {}

    /** Publishes a site with one API key and returns the key. */
    static String aSite(String siteId) {
        return TestSites.publish(siteId);
    }

    static CommentSubmitted aComment(String siteId, String externalId, String authorId, String text) {
        return aComment(siteId, externalId, authorId, authorId, text, "A post", "https://blog.example/post-1");
    }

    static CommentSubmitted aComment(
            String siteId,
            String externalId,
            String authorId,
            String authorName,
            String text,
            String postTitle,
            String postUrl) {
        return aComment(siteId, externalId, authorId, authorName, text, postTitle, postUrl, Instant.now());
    }

    static CommentSubmitted aComment(
            String siteId,
            String externalId,
            String authorId,
            String authorName,
            String text,
            String postTitle,
            String postUrl,
            Instant now) {
        SiteId site = SiteId.of(siteId);
        return new CommentSubmitted(
                EventId.random(),
                CommentId.derive(site, externalId),
                site,
                externalId,
                "post-1",
                "amber",
                postTitle,
                postUrl,
                null,
                null,
                null,
                new CommentSubmitted.Author(authorId, authorName, null, null),
                text,
                now,
                now,
                CommentSubmitted.Envelope.NONE);
    }

    static void submit(CommentSubmitted event) {
        send(Topics.COMMENTS_SUBMITTED.name(), event.partitionKey(), EventJson.write(event));
    }

    static void send(String topic, String key, String value) {
        TestSites.send(topic, key, value);
    }
}
