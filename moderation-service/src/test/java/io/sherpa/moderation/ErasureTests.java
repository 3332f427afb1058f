package io.sherpa.moderation;

import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topics;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code AuthorErased} through Kafka: what moderation-service keeps of an erased author, read from MongoDB. */
class ErasureTests extends RunningService {

    @Autowired
    WebTestClient http;

    @Autowired
    MongoClient mongo;

    @Autowired
    ModerationProperties settings;

    @Autowired
    ModeratorAccounts moderators;

    @Test
    void anErasedAuthorsCommentsKeepOnlyWhatTheAuditNeeds() {
        String site = "erase-" + UUID.randomUUID().toString().substring(0, 8);
        String key = Events.aSite(site);
        moderators.save("mod-" + site, "secret-1", Set.of(site), false).block();
        CommentSubmitted contact = byErin(site, "e-1", "Lovely post. Write to me at erin.private@example.com any time");
        CommentSubmitted campaign = byErin(
                site, "e-2", "Honestly the best thing I did this year was the evening course, it changed my career");
        submit(contact);
        submit(campaign);
        awaitDecisions(
                List.of(contact.commentId().asString(), campaign.commentId().asString()), 1);
        http.post()
                .uri("/api/v1/comments/{id}/decision", contact.commentId().asString())
                .headers(h -> h.setBasicAuth("mod-" + site, "secret-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "REJECTED", "note", "harvesting"))
                .exchange()
                .expectStatus()
                .isOk();
        String authorKey = site + "/erin";
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("training_examples", Filters.eq("authorKey", authorKey)) == 1);

        assertThat(count("campaign_bands", Filters.eq("items.a", authorKey))).isPositive();
        assertThat(count("authors", Filters.eq("_id", authorKey))).isOne();

        AuthorErased erased = new AuthorErased(EventId.random(), SiteId.of(site), "erin", Instant.now());
        Events.send(Topics.AUTHORS_ERASED.name(), erased.partitionKey(), EventJson.write(erased));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<Document> stored = find("comments", Filters.eq("siteId", site));
            assertThat(stored).hasSize(2).allSatisfy(ErasureTests::keepsOnlyWhatTheAuditNeeds);
            assertThat(count("authors", Filters.eq("_id", authorKey))).isZero();
            assertThat(count("training_examples", Filters.eq("authorKey", authorKey)))
                    .isZero();
            assertThat(count("campaign_bands", Filters.eq("items.a", authorKey)))
                    .isZero();
        });
        String queue = http.get()
                .uri(b ->
                        b.path("/api/v1/queue").queryParam("status", "REJECTED").build())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(queue).doesNotContain("erin.private").doesNotContain("evening course");

        // the same event again changes nothing and does not stop the listener
        Events.send(Topics.AUTHORS_ERASED.name(), erased.partitionKey(), EventJson.write(erased));
        CommentSubmitted later = byErin(site, "e-3", "Back again after a while, still reading every post.");
        submit(later);
        assertThat(awaitDecisions(List.of(later.commentId().asString()), 1)).isNotEmpty();
        assertThat(find("comments", Filters.eq("_id", contact.commentId().asString())))
                .singleElement()
                .satisfies(ErasureTests::keepsOnlyWhatTheAuditNeeds);
    }

    private static void keepsOnlyWhatTheAuditNeeds(Document comment) {
        Document submitted = comment.get("submitted", Document.class);
        Document author = submitted.get("author", Document.class);
        Document latest = comment.get("latest", Document.class);
        assertThat(submitted.getString("text")).isEmpty();
        assertThat(author.getString("name")).isEqualTo("[erased]");
        assertThat(author.containsKey("emailHash")).isFalse();
        assertThat(submitted.get("envelope", Document.class)).isEmpty();
        assertThat(latest.getString("textExcerpt")).isEmpty();
        assertThat(latest.getString("authorName")).isEqualTo("[erased]");
        // what the audit needs stays
        assertThat(comment.getString("_id")).isNotBlank();
        assertThat(comment.getString("decision")).isNotBlank();
        assertThat(latest.getList("reasons", Document.class)).isNotNull();
        assertThat(comment.getDate("receivedAt")).isNotNull();
    }

    private CommentSubmitted byErin(String site, String externalId, String text) {
        SiteId siteId = SiteId.of(site);
        Instant now = Instant.now();
        return new CommentSubmitted(
                EventId.random(),
                CommentId.derive(siteId, externalId),
                siteId,
                externalId,
                "post-1",
                "amber",
                "A post",
                "https://blog.example/post-1",
                null,
                null,
                null,
                new CommentSubmitted.Author("erin", "Erin Example", "5f0c1e…hash", "https://erin.example"),
                text,
                now,
                now,
                new CommentSubmitted.Envelope("203.0.113.0/24", "Mozilla/5.0", "https://blog.example/post-1"));
    }

    private MongoDatabase db() {
        return mongo.getDatabase(settings.database());
    }

    private List<Document> find(String collection, org.bson.conversions.Bson filter) {
        return Flux.from(db().getCollection(collection).find(filter))
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    private long count(String collection, org.bson.conversions.Bson filter) {
        return Mono.from(db().getCollection(collection).countDocuments(filter)).block(Duration.ofSeconds(10));
    }
}
