package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.moderation.learning.ModelStore;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
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
import reactor.core.publisher.Mono;

/** The models learn: from files a site uploads, and from every moderator decision, through the real interfaces. */
class LearningTests extends RunningService {

    /** A spam pattern the starter models have never seen: it passes until moderators teach otherwise. */
    private static final List<String> KITTEN_SCAM = List.of(
            "Teacup sunflower kittens for adoption, granny rose delivers to every county this weekend",
            "Granny Rose has teacup sunflower kittens, adoption this weekend in every county",
            "Sunflower teacup kittens by granny rose, adoption open for every county",
            "granny rose teacup sunflower kittens adoption weekend delivery",
            "Lovely teacup sunflower kittens from granny rose, weekend adoption for your county",
            "Teacup sunflower kittens: granny rose still has three, adoption by the weekend");

    private static final String NEXT_KITTEN_SCAM =
            "New litter of teacup sunflower kittens, granny rose handles adoption for any county";

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    @Autowired
    MongoClient mongo;

    @Autowired
    ModerationProperties settings;

    @Test
    void aNewSpamPatternIsHeldAfterModeratorsRejectAHandfulOfIt() {
        String site = "learn-" + UUID.randomUUID().toString().substring(0, 8);
        moderators.save("mod-" + site, "secret-1", Set.of(site), false).block();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < KITTEN_SCAM.size(); i++) {
            CommentSubmitted c = aComment(site, "kitten-" + i, "seller-" + i, KITTEN_SCAM.get(i));
            submit(c);
            ids.add(c.commentId().asString());
        }
        Map<String, CommentDecided> first = awaitDecisions(ids, 1);
        assertThat(first.values()).allMatch(d -> d.decision() == Decision.APPROVED);
        assertThat(first.values()).allMatch(d -> d.modelVersion().equals("starter-1"));

        for (String id : ids) {
            http.post()
                    .uri("/api/v1/comments/{id}/decision", id)
                    .headers(h -> h.setBasicAuth("mod-" + site, "secret-1"))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("decision", "REJECTED", "note", "kitten scam"))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }

        String key = Events.aSite(site);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> http.get()
                        .uri("/api/v1/training")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.modelVersion")
                        .value(v -> assertThat((String) v).startsWith(site + "-"))
                        .jsonPath("$.examples")
                        .isEqualTo(KITTEN_SCAM.size()));

        CommentSubmitted next = aComment(site, "kitten-next", "seller-next", NEXT_KITTEN_SCAM);
        submit(next);
        CommentDecided decided = awaitDecisions(List.of(next.commentId().asString()), 1)
                .get(next.commentId().asString());
        assertThat(decided.decision()).isEqualTo(Decision.HELD);
        assertThat(decided.reasons()).anyMatch(r -> r.code() == ReasonCode.SPAM_MODEL && r.start() != null);
        assertThat(decided.modelVersion()).startsWith(site + "-");

        CommentSubmitted elsewhere = aComment("other-" + site, "kitten-elsewhere", "seller-x", NEXT_KITTEN_SCAM);
        submit(elsewhere);
        assertThat(awaitDecisions(List.of(elsewhere.commentId().asString()), 1)
                        .get(elsewhere.commentId().asString())
                        .modelVersion())
                .as("another site keeps its own models")
                .isEqualTo("starter-1");
    }

    @Test
    void aSiteTrainsFromAnUploadedCsvOrJsonLinesFile() {
        String site = "upload-" + UUID.randomUUID().toString().substring(0, 8);
        String key = Events.aSite(site);
        StringBuilder csv = new StringBuilder("id,text,label\n");
        for (int i = 0; i < KITTEN_SCAM.size(); i++) {
            csv.append(i).append(",\"").append(KITTEN_SCAM.get(i)).append("\",spam\n");
        }
        csv.append("h1,\"Thanks, the second photo with the sunflowers is lovely\",ham\n");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> upload(key, "spam", "text/csv", csv.toString())
                        .expectStatus()
                        .isAccepted()
                        .expectBody()
                        .jsonPath("$.accepted")
                        .isEqualTo(KITTEN_SCAM.size() + 1)
                        .jsonPath("$.positive")
                        .isEqualTo(KITTEN_SCAM.size()));
        upload(
                        key,
                        "toxicity",
                        "application/x-ndjson",
                        "{\"text\":\"you absolute walnut\",\"label\":\"toxic\"}\n"
                                + "{\"text\":\"what a walnut of a recipe, love it\",\"label\":\"ok\"}\n")
                .expectStatus()
                .isAccepted();

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> trainingStatus(key).jsonPath("$.examples").isEqualTo(KITTEN_SCAM.size() + 3));

        CommentSubmitted next = aComment(site, "kitten-next", "seller-next", NEXT_KITTEN_SCAM);
        submit(next);
        assertThat(awaitDecisions(List.of(next.commentId().asString()), 1)
                        .get(next.commentId().asString())
                        .decision())
                .isEqualTo(Decision.HELD);
    }

    @Test
    void aMalformedTrainingFileIsA400NamingTheLineAndNothingIsStored() {
        String site = "bad-upload-" + UUID.randomUUID().toString().substring(0, 8);
        String key = Events.aSite(site);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> upload(key, "spam", "text/csv", "text,label\nfine,ham\n\"never closed,spam\n")
                        .expectStatus()
                        .isBadRequest()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.errors[0].field")
                        .isEqualTo("line 3"));
        upload(key, "spam", "text/csv", "text,label\nfine,perhaps\n")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat((String) m).contains("perhaps"));
        upload(key, "spam", "text/csv", "words,kind\nx,ham\n").expectStatus().isBadRequest();
        upload(key, "spam", "application/x-ndjson", "{\"text\":\"hi\",\"label\":\"ham\"}\n{not json\n")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("line 2");
        upload(key, "spam", "text/csv", "").expectStatus().isBadRequest();
        upload(key, "sarcasm", "text/csv", "text,label\nx,ham\n").expectStatus().isBadRequest();
        upload(key, "spam", "application/pdf", "%PDF").expectStatus().isEqualTo(415);
        http.post()
                .uri("/api/v1/training")
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue("text,label\nx,ham\n")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        trainingStatus(key)
                .jsonPath("$.modelVersion")
                .isEqualTo("starter-1")
                .jsonPath("$.examples")
                .isEqualTo(0);
    }

    @Test
    void aTrainingFileOverTheRowLimitIs413AndNothingIsStored() {
        String site = "huge-upload-" + UUID.randomUUID().toString().substring(0, 8);
        String key = Events.aSite(site);
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i <= ModelStore.MAX_EXAMPLES; i++) {
            csv.append("row ").append(i).append(",ham\n");
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> upload(key, "spam", "text/csv", csv.toString())
                        .expectStatus()
                        .isEqualTo(413)
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.detail")
                        .value(d -> assertThat((String) d).contains("50000 rows per upload")));
        assertThat(Mono.from(mongo.getDatabase(settings.database())
                                .getCollection("training_examples")
                                .countDocuments(new Document("siteId", site)))
                        .block(Duration.ofSeconds(10)))
                .isZero();
    }

    @Test
    void aTrainingThatAReplicaLeftUndoneIsDoneByAnother() {
        String site = "left-undone-" + UUID.randomUUID().toString().substring(0, 8);
        String key = siteWithKey(site);
        // what a replica leaves when it stops between storing an upload and training from it
        MongoDatabase db = mongo.getDatabase(settings.database());
        List<Document> rows = new ArrayList<>();
        for (int i = 0; i < KITTEN_SCAM.size(); i++) {
            rows.add(new Document("_id", "upload:" + site + ":spam:" + i)
                    .append("siteId", site)
                    .append("category", "spam")
                    .append("text", KITTEN_SCAM.get(i))
                    .append("positive", true)
                    .append("weight", 1.0)
                    .append("source", "UPLOAD")
                    .append("at", new Date()));
        }
        Mono.from(db.getCollection("training_examples").insertMany(rows)).block(Duration.ofSeconds(10));
        Mono.from(db.getCollection("training_requests")
                        .insertOne(new Document("_id", site)
                                .append("requestedAt", Date.from(Instant.now().minusSeconds(60)))))
                .block(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> trainingStatus(key)
                        .jsonPath("$.examples")
                        .isEqualTo(KITTEN_SCAM.size())
                        .jsonPath("$.modelVersion")
                        .isEqualTo(site + "-1"));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Mono.from(db.getCollection("training_requests")
                                .find(new Document("_id", site))
                                .first())
                        .blockOptional(Duration.ofSeconds(5))
                        .isEmpty());
    }

    @Test
    void theSameTextFromAuthorsOnDifferentSitesIsHeldAsACampaign() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String text = "Honestly the best thing I did this year was the evening course at learnfast academy " + run
                + ", changed my career completely";
        CommentSubmitted first = aComment("camp-a-" + run, "c-1", "ann", text);
        submit(first);
        awaitDecisions(List.of(first.commentId().asString()), 1);
        CommentSubmitted second = aComment("camp-b-" + run, "c-2", "bob", text.replace("Honestly", "honestly,"));
        submit(second);
        CommentDecided decided = awaitDecisions(List.of(second.commentId().asString()), 1)
                .get(second.commentId().asString());
        assertThat(decided.decision()).isEqualTo(Decision.HELD);
        assertThat(decided.reasons())
                .anyMatch(r -> r.code() == ReasonCode.NEAR_DUPLICATE
                        && r.message().contains(first.commentId().asString()));
    }

    private WebTestClient.BodyContentSpec trainingStatus(String key) {
        return http.get()
                .uri("/api/v1/training")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    private WebTestClient.ResponseSpec upload(String key, String category, String type, String body) {
        return http.post()
                .uri(b -> b.path("/api/v1/training")
                        .queryParam("category", category)
                        .build())
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.parseMediaType(type))
                .bodyValue(body)
                .exchange();
    }
}
