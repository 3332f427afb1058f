package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;
import static io.sherpa.ingest.IngestFixtures.aReplyTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.Actuator;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.test.TopicProbe;
import io.sherpa.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * ingest-service through its HTTP API against a real Kafka broker (KRaft) and the MongoDB wire protocol:
 * every endpoint of DESIGN §4 and every bad input of the ingest issue.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sherpa.ingest.admin-token=test-admin-token", "sherpa.ingest.rate-limit.default-per-second=1000"})
@AutoConfigureWebTestClient
class IngestApiTests {

    static final String ADMIN = "test-admin-token";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MongoClient mongo;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    IngestProperties settings;

    String siteId;
    String apiKey;

    @BeforeEach
    void newSite() {
        siteId = "site-" + UUID.randomUUID().toString().substring(0, 8);
        apiKey = createSite(siteId, null);
    }

    @Test
    void twoCreatesOfOneSiteAtOnceMakeOneSiteAndOneConflict() throws Exception {
        String id = "twice-" + UUID.randomUUID().toString().substring(0, 8);
        java.util.concurrent.Callable<Integer> create = () -> admin().post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", id, "name", "Twice"))
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(create);
            var second = pool.submit(create);
            assertThat(List.of(first.get(), second.get())).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void theProducerGivesUpOnAnEventBeforeTheCallerIsAnswered503() {
        // a 503 means the producer has abandoned the event: a publish still running after the answer could be
        // delivered and decided while its caller was told to send it again
        Map<String, Object> producer = kafka.getProducerFactory().getConfigurationProperties();
        long maxBlock =
                Long.parseLong(producer.get(ProducerConfig.MAX_BLOCK_MS_CONFIG).toString());
        long delivery = Long.parseLong(
                producer.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG).toString());
        assertThat(Duration.ofMillis(maxBlock + delivery)).isLessThan(settings.kafkaTimeout());
    }

    @Test
    void acceptsACommentOnceKafkaHasItAndStoresNoEmailOrAddress() {
        Map<String, Object> body = post(aComment("c1"))
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .exists(HttpHeaders.LOCATION)
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();

        String expectedId = CommentId.derive(SiteId.of(siteId), "c1").asString();
        assertThat(body)
                .containsEntry("id", expectedId)
                .containsEntry("status", "PENDING")
                .containsEntry("statusUrl", "/api/v1/comments/" + expectedId);

        ConsumerRecord<String, String> record = TopicProbe.await(
                SherpaInfrastructure.kafkaBootstrap(),
                Topics.COMMENTS_SUBMITTED.name(),
                Duration.ofSeconds(20),
                r -> r.value().contains(expectedId));
        assertThat(record.key()).isEqualTo(siteId + "/reader-c1");
        CommentSubmitted event = EventJson.read(record.value(), CommentSubmitted.class);
        assertThat(event.commentId().asString()).isEqualTo(expectedId);
        assertThat(event.text()).isEqualTo("Thanks Amber, I could not agree more.");
        assertThat(event.author().emailHash()).hasSize(64).doesNotContain("@");
        assertThat(event.envelope().ipPrefix()).isEqualTo("203.0.113.0/24");
        assertThat(event.submittedAt()).isEqualTo(Instant.parse("2024-05-01T10:15:30Z"));
        assertThat(record.value()).doesNotContain("Reader@Example.org").doesNotContain("203.0.113.77");

        Document stored = stored(expectedId);
        assertThat(stored.getBoolean("accepted")).isTrue();
        assertThat(stored.getString("externalId")).isEqualTo("c1");
        assertThat(stored.toJson())
                .doesNotContain("Example.org")
                .doesNotContain("113.77")
                .doesNotContain("agree more");
    }

    @Test
    void replayingTheSameCommentAnswers200WithTheSameIdAndDifferentContentIsAConflict() {
        String id = (String) post(aComment("c2"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");

        post(aComment("c2"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.status")
                .isEqualTo("PENDING");

        post(aComment("c2", "Something else entirely"))
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("c2"));
    }

    @Test
    void statusIsPendingUntilADecisionArrivesAndFollowsOnlyNewerDecisions() {
        String id = (String) post(aComment("c3"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        get(id).expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("PENDING")
                .jsonPath("$.externalId")
                .isEqualTo("c3");

        decide(id, 1, Decision.HELD, DecisionSource.AUTOMATIC);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> get(id).expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("HELD")
                        .jsonPath("$.decision.reasons[0].code")
                        .isEqualTo("LINK")
                        .jsonPath("$.decision.scores.spam")
                        .isEqualTo(0.7));

        decide(id, 2, Decision.APPROVED, DecisionSource.MODERATOR);
        decide(id, 1, Decision.HELD, DecisionSource.AUTOMATIC); // a redelivered older decision changes nothing
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> get(id).expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("APPROVED")
                        .jsonPath("$.decision.source")
                        .isEqualTo("MODERATOR"));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> get(id).expectBody().jsonPath("$.status").isEqualTo("APPROVED"));
        // and a replay now reports the decided status
        post(aComment("c3"))
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("APPROVED");
    }

    @Test
    void anUnreadableDecisionGoesToTheDltAndTheStatusViewKeepsGoing() {
        String id = (String) post(aComment("dlt-1"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        kafka.send(Topics.COMMENTS_DECIDED.name(), id, "{\"decision\": \"not an event")
                .join();
        decide(id, 1, Decision.REJECTED, DecisionSource.AUTOMATIC);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> get(id).expectBody().jsonPath("$.status").isEqualTo("REJECTED"));
        TopicProbe.await(
                SherpaInfrastructure.kafkaBootstrap(),
                Topics.COMMENTS_DECIDED.deadLetterName(),
                Duration.ofSeconds(30),
                r -> r.value().startsWith("{\"decision\": \"not an event"));
    }

    @Test
    void aSiteNeverSeesAnotherSitesComment() {
        String id = (String) post(aComment("c4"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        String otherKey = createSite("other-" + UUID.randomUUID().toString().substring(0, 8), null);

        http.get()
                .uri("/api/v1/comments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherKey)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        get("not-a-uuid").expectStatus().isNotFound();
        get(UUID.randomUUID().toString()).expectStatus().isNotFound();
        get("..%2F..%2Fetc%2Fpasswd").expectStatus().isNotFound();
    }

    @Test
    void repliesCarryTheParentCommentAndItsAuthor() {
        post(aComment("parent-1")).expectStatus().isAccepted();
        String id = (String) post(aReplyTo("parent-1", "reply-1"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        CommentSubmitted reply = EventJson.read(
                TopicProbe.await(
                                SherpaInfrastructure.kafkaBootstrap(),
                                Topics.COMMENTS_SUBMITTED.name(),
                                Duration.ofSeconds(20),
                                r -> r.value().contains(id))
                        .value(),
                CommentSubmitted.class);
        assertThat(reply.parentCommentId()).isEqualTo(CommentId.derive(SiteId.of(siteId), "parent-1"));
        assertThat(reply.parentAuthorId()).isEqualTo("reader-parent-1");
    }

    @Test
    void aBatchAnswersEveryItemOnItsOwn() {
        Map<String, Object> invalid = aComment("b2");
        invalid.remove("text");
        http.post()
                .uri("/api/v1/comments:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comments", List.of(aComment("b1"), invalid, aComment("b3"))))
                .exchange()
                .expectStatus()
                .isEqualTo(207)
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(2)
                .jsonPath("$.failed")
                .isEqualTo(1)
                .jsonPath("$.results[0].status")
                .isEqualTo(202)
                .jsonPath("$.results[0].id")
                .isEqualTo(CommentId.derive(SiteId.of(siteId), "b1").asString())
                .jsonPath("$.results[1].status")
                .isEqualTo(400)
                .jsonPath("$.results[1].problem.errors[0].field")
                .isEqualTo("comments[1].text")
                .jsonPath("$.results[2].status")
                .isEqualTo(202);

        http.post()
                .uri("/api/v1/comments:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comments", java.util.Collections.nCopies(501, aComment("many"))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("comments");
    }

    @Test
    void aBatchLargerThanTheDecodersDefaultBufferIsTakenWhole() {
        // 90 comments of 3,200 characters: about 300 KB, past the 256 KiB a JSON decoder buffers by default and
        // far below the batch limit (8 MB)
        String paragraph =
                "I tried the second approach from the post on our staging cluster and it held up. ".repeat(40);
        List<Map<String, Object>> comments = new java.util.ArrayList<>();
        for (int i = 0; i < 90; i++) {
            comments.add(aComment("long-batch-" + i, paragraph.substring(0, 3_200)));
        }
        http.post()
                .uri("/api/v1/comments:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comments", comments))
                .exchange()
                .expectStatus()
                .isEqualTo(207)
                .expectBody()
                .jsonPath("$.accepted")
                .isEqualTo(90)
                .jsonPath("$.failed")
                .isEqualTo(0);
    }

    @Test
    void badInputGetsAProblemDocumentNeverA5xx() {
        postRaw("{\"externalId\": \"x\", ", MediaType.APPLICATION_JSON)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400)
                .jsonPath("$.detail")
                .exists();

        Map<String, Object> noText = aComment("bad-1");
        noText.put("text", "   ");
        post(noText)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("text")
                .jsonPath("$.type")
                .isEqualTo("/problems/validation");

        Map<String, Object> missingMany = Map.of("text", "hello");
        post(missingMany)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(3);

        post(aComment("bad-2", "x".repeat(10_001)))
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].message")
                .value(m -> assertThat((String) m).contains("10000"));
        post(aComment("ok-long", "y".repeat(10_000))).expectStatus().isAccepted();

        postRaw("{\"text\":\"" + "z".repeat(70 * 1024) + "\"}", MediaType.APPLICATION_JSON)
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        postRaw("text=hello", MediaType.APPLICATION_FORM_URLENCODED)
                .expectStatus()
                .isEqualTo(415)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        byte[] invalidUtf8 =
                "{\"externalId\":\"u1\",\"postId\":\"p\",\"author\":{\"id\":\"a\",\"name\":\"n\"},\"text\":\"caf\u00ff\"}"
                        .getBytes(StandardCharsets.ISO_8859_1);
        http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(invalidUtf8)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        Map<String, Object> wrongType = aComment("bad-3");
        wrongType.put("author", "not an object");
        post(wrongType).expectStatus().isBadRequest();

        Map<String, Object> badFields = aComment("bad-4");
        badFields.put("createdAt", "yesterday");
        badFields.put("envelope", Map.of("ip", "999.1.2.3"));
        badFields.put("postUrl", "javascript:alert(1)");
        post(badFields)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(3);

        String deeplyNested = "[".repeat(5000) + "]".repeat(5000);
        postRaw(deeplyNested, MediaType.APPLICATION_JSON).expectStatus().isBadRequest();

        http.post()
                .uri("/api/v1/comments")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("k1"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer sk_not_a_key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("k2"))
                .exchange()
                .expectStatus()
                .isUnauthorized();

        http.get()
                .uri("/api/v1/nothing-here")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void controlCharactersAreCleanedAndUnknownFieldsIgnored() {
        Map<String, Object> comment = aComment("clean-1", "hello\u0000 wor\u0007ld\u200b \uD83D\uDE00\nbye");
        comment.put("somethingNew", Map.of("nested", true));
        String id = (String) post(comment)
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        CommentSubmitted event = EventJson.read(
                TopicProbe.await(
                                SherpaInfrastructure.kafkaBootstrap(),
                                Topics.COMMENTS_SUBMITTED.name(),
                                Duration.ofSeconds(20),
                                r -> r.value().contains(id))
                        .value(),
                CommentSubmitted.class);
        assertThat(event.text()).isEqualTo("hello world\u200b \uD83D\uDE00\nbye");
    }

    @Test
    void aSiteOverItsRateGets429WithRetryAfter() {
        String slowSite = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        String key = createSite(slowSite, 1);
        for (int i = 0; i < 2; i++) {
            postAs(key, aComment("r" + i)).expectStatus().isAccepted();
        }
        postAs(key, aComment("r2"))
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void keysRotateAndRevokeAndADisabledSiteIsLockedOut() {
        http.post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "nope", "name", "x"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.post()
                .uri("/api/v1/admin/sites")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "nope", "name", "x"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        admin().post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", siteId, "name", "again"))
                .exchange()
                .expectStatus()
                .isEqualTo(409);
        admin().post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "Not Valid!", "name", ""))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);

        String oldKeyId = (String) ((Map<?, ?>) ((List<?>) admin().get()
                                .uri("/api/v1/admin/sites/{id}", siteId)
                                .exchange()
                                .expectStatus()
                                .isOk()
                                .expectBody(Map.class)
                                .returnResult()
                                .getResponseBody()
                                .get("keys"))
                        .get(0))
                .get("keyId");
        Map<?, ?> rotated = admin().post()
                .uri("/api/v1/admin/sites/{id}/keys", siteId)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String newKey = (String) rotated.get("apiKey");

        postAs(newKey, aComment("k-new")).expectStatus().isAccepted();
        postAs(apiKey, aComment("k-old")).expectStatus().isAccepted();

        admin().delete()
                .uri("/api/v1/admin/sites/{id}/keys/{key}", siteId, oldKeyId)
                .exchange()
                .expectStatus()
                .isNoContent();
        postAs(apiKey, aComment("k-revoked")).expectStatus().isUnauthorized();
        postAs(newKey, aComment("k-still")).expectStatus().isAccepted();

        admin().patch()
                .uri("/api/v1/admin/sites/{id}", siteId)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("disabled", true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.disabled")
                .isEqualTo(true);
        postAs(newKey, aComment("k-disabled")).expectStatus().isUnauthorized();

        // what another replica would see: the topic has the site with hashes only
        ConsumerRecord<String, String> latest = TopicProbe.collect(
                        SherpaInfrastructure.kafkaBootstrap(),
                        Topics.SITES.name(),
                        Duration.ofSeconds(5),
                        r -> siteId.equals(r.key()),
                        Integer.MAX_VALUE)
                .stream()
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(latest.value())
                .contains("\"disabled\":true")
                .doesNotContain(newKey)
                .doesNotContain(apiKey);
    }

    @Test
    void aSiteRecordWithAMalformedKeyHashIsSkippedAndTheSitesAfterItStillArrive() {
        // readable JSON, but a key hash that is not hex: every service's site registry reads this topic
        String hash = io.sherpa.common.sites.ApiKeys.sha256Hex("never-issued");
        String malformed = EventJson.write(new io.sherpa.common.events.SiteChanged(
                        SiteId.of("malformed-hash"),
                        "malformed-hash",
                        List.of(new io.sherpa.common.events.SiteChanged.ApiKeyHash("k-1", hash, Instant.now())),
                        false,
                        null,
                        Instant.now()))
                .replace(hash, "zz");
        io.sherpa.common.test.TestSites.send(Topics.SITES.name(), "malformed-hash", malformed);
        String key = io.sherpa.common.test.TestSites.publish("after-malformed-hash");

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> postAs(key, aComment("after-malformed-1"))
                        .expectStatus()
                        .isAccepted());
    }

    @Test
    void erasingAnAuthorPublishesAuthorErasedAndErasesIngestsCopy() {
        String id = (String) post(aComment("e1"))
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        http.delete()
                .uri("/api/v1/authors/{a}", "reader-e1")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody()
                .jsonPath("$.ingestCommentsErased")
                .isEqualTo(1);

        ConsumerRecord<String, String> record = TopicProbe.await(
                SherpaInfrastructure.kafkaBootstrap(),
                Topics.AUTHORS_ERASED.name(),
                Duration.ofSeconds(20),
                r -> (siteId + "/reader-e1").equals(r.key()));
        AuthorErased erased = EventJson.read(record.value(), AuthorErased.class);
        assertThat(erased.authorId()).isEqualTo("reader-e1");
        Document stored = stored(id);
        assertThat(stored.containsKey("authorId")).isFalse();
        assertThat(stored.containsKey("authorEmailHash")).isFalse();
        assertThat(stored.containsKey("ipPrefix")).isFalse();
    }

    @Test
    void operatorsSeeMetricsHealthAndTheApiDescription() {
        post(aComment("m1")).expectStatus().isAccepted();
        assertThat(Actuator.prometheus(http))
                .contains("sherpa_ingest_comments_total{")
                .contains("site=\"" + siteId + "\"")
                .contains("outcome=\"accepted\"")
                .contains("http_server_requests_seconds");
        http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.storage.status")
                .isEqualTo("UP")
                .jsonPath("$.components.sites.status")
                .isEqualTo("UP");
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
        http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(doc -> assertThat(doc).contains("/api/v1/comments:batch"));
    }

    @Test
    void theSeedThreadIsAcceptedOnceAndReplayedWithTheSameIds() throws Exception {
        java.nio.file.Path seed = java.nio.file.Path.of("../../shared/fixtures/seed-thread.jsonl");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(seed), "seed thread not present");
        List<Map<String, Object>> comments = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(seed)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = EventJson.mapper().readValue(line, Map.class);
            if ("comment".equals(item.get("type"))) {
                comments.add(item);
            }
        }
        assertThat(comments).hasSizeGreaterThan(10);
        List<Object> firstIds = new java.util.ArrayList<>();
        for (Map<String, Object> comment : comments) {
            firstIds.add(post(comment)
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("id"));
        }
        for (int i = 0; i < comments.size(); i++) {
            post(comments.get(i))
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.id")
                    .isEqualTo(firstIds.get(i));
        }
        assertThat(new java.util.HashSet<>(firstIds)).hasSize(comments.size());
    }

    private String createSite(String id, Integer rate) {
        Map<String, Object> request = new java.util.HashMap<>(Map.of("siteId", id, "name", "Site " + id));
        if (rate != null) {
            request.put("rateLimitPerSecond", rate);
        }
        Map<?, ?> created = admin().post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();
        assertThat(created.get("siteId")).isEqualTo(id);
        return (String) created.get("apiKey");
    }

    private WebTestClient admin() {
        return http.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .build();
    }

    private WebTestClient.ResponseSpec post(Map<String, Object> comment) {
        return postAs(apiKey, comment);
    }

    private WebTestClient.ResponseSpec postAs(String key, Map<String, Object> comment) {
        return http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(comment)
                .exchange();
    }

    private WebTestClient.ResponseSpec postRaw(String body, MediaType type) {
        return http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(type)
                .bodyValue(body)
                .exchange();
    }

    private WebTestClient.ResponseSpec get(String id) {
        return http.get()
                .uri("/api/v1/comments/" + id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange();
    }

    private Document stored(String id) {
        return Mono.from(mongo.getDatabase("sherpa_ingest")
                        .getCollection("comments")
                        .find(Filters.eq("_id", id))
                        .first())
                .block(Duration.ofSeconds(5));
    }

    private void decide(String id, long sequence, Decision decision, DecisionSource source) {
        CommentDecided decided = new CommentDecided(
                EventId.random(),
                CommentId.parse(id),
                SiteId.of(siteId),
                "post-1",
                "amber",
                null,
                null,
                "reader",
                "A Reader",
                "Thanks Amber",
                decision,
                source,
                source == DecisionSource.MODERATOR ? "mod-1" : null,
                sequence,
                Map.of("spam", 0.7),
                List.of(new Reason(ReasonCode.LINK, Severity.HOLD, "a link", 3, 10)),
                false,
                "1",
                "starter-1",
                Instant.now(),
                Instant.now());
        kafka.send(Topics.COMMENTS_DECIDED.name(), decided.partitionKey(), EventJson.write(decided))
                .join();
    }
}
