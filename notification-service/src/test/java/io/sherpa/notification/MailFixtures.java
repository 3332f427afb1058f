package io.sherpa.notification;

import static org.awaitility.Awaitility.await;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.TestSites;
import io.sherpa.common.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Sites whose users want e-mail, and approved comments for them, for the e-mail tests. */
final class MailFixtures {

    private MailFixtures() {}

    /** A new site whose {@code user} wants e-mail at {@code email}; returns the site's key. */
    static String siteWithEmailUser(WebTestClient http, String site, String user, String email) {
        String key = TestSites.publish(site);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> http.get()
                        .uri("/api/v1/users/{u}/preferences", user)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk());
        http.put()
                .uri("/api/v1/users/{u}/preferences", user)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channels", List.of("inbox", "email"), "email", email))
                .exchange()
                .expectStatus()
                .isOk();
        return key;
    }

    /** An automatic approval of a comment on {@code postAuthor}'s post, published as moderation-service would. */
    static void approve(
            String site, String externalId, String postId, String postAuthor, String authorName, String text) {
        CommentDecided decided = Decisions.approved(
                site, externalId, postId, postAuthor, "author-" + externalId, authorName, text, null, null);
        TestSites.send(Topics.COMMENTS_DECIDED.name(), decided.partitionKey(), EventJson.write(decided));
    }
}
