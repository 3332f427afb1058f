package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.Actuator;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.test.TopicProbe;
import io.sherpa.common.topics.Topics;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * moderation-service through Kafka, MongoDB and HTTP: a real broker (KRaft) and the MongoDB wire protocol.
 */
class ModerationPipelineTests extends RunningService {

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Autowired
    KafkaTransactionManager<Object, Object> transactions;

    @Autowired
    KafkaTemplate<String, String> kafka;

    /**
     * A producer whose transaction rolled back never starts another one (it could carry that transaction's
     * consumer offsets into the next); a producer whose transaction committed goes back to the cache.
     */
    @Test
    void aProducerWhoseTransactionRolledBackIsClosedAndOneThatCommittedIsKept() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        String topic = Topics.COMMENTS_DECIDED.deadLetterName();
        AtomicReference<Producer<String, String>> used = new AtomicReference<>();

        tx.executeWithoutResult(status -> {
            kafka.send(topic, "committed", "{}");
            used.set(kafka.execute(producer -> producer));
        });
        assertThat(sendOutsideATransaction(used.get(), topic))
                .as("committed: kept open")
                .doesNotContain("closed");

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    kafka.send(topic, "rolled-back", "{}");
                    used.set(kafka.execute(producer -> producer));
                    throw new IllegalStateException("the batch failed");
                }))
                .hasMessage("the batch failed");
        assertThat(sendOutsideATransaction(used.get(), topic))
                .as("rolled back: closed")
                .contains("Cannot perform operation after producer has been closed");
    }

    /** What a producer says when asked to send outside a transaction: refused, and why. */
    private static String sendOutsideATransaction(Producer<String, String> producer, String topic) {
        Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>(topic, "x", "{}")));
        assertThat(refused).isNotNull();
        return String.valueOf(refused.getMessage());
    }

    @Test
    void decidesTheSeedThreadAsAModeratorWould() throws Exception {
        Path seed = Path.of("../../shared/fixtures/seed-thread.jsonl");
        Assumptions.assumeTrue(Files.exists(seed), "seed thread not present");
        forgetCampaigns();
        String site = newSite();
        Map<String, String> idsByExternal = new HashMap<>();
        for (String line : Files.readAllLines(seed)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = EventJson.mapper().readValue(line, Map.class);
            if (!"comment".equals(item.get("type"))) {
                continue;
            }
            Map<?, ?> author = (Map<?, ?>) item.get("author");
            CommentSubmitted event = aComment(
                    site, (String) item.get("externalId"), (String) author.get("id"), (String) item.get("text"));
            idsByExternal.put((String) item.get("externalId"), event.commentId().asString());
            submit(event);
        }
        Map<String, CommentDecided> decided = awaitDecisions(idsByExternal.values(), 1);
        Map<String, CommentDecided> byExternal = new HashMap<>();
        idsByExternal.forEach((ext, id) -> byExternal.put(ext, decided.get(id)));

        for (String second : List.of("c1b", "c2b", "c3b", "c4b", "c5b", "c6b", "c7b", "c8b")) {
            assertThat(byExternal.get(second).decision()).as(second).isNotEqualTo(Decision.APPROVED);
            assertThat(codes(byExternal.get(second))).as(second).contains(ReasonCode.DUPLICATE);
        }
        assertThat(byExternal.get("c5a").decision()).isEqualTo(Decision.HELD);
        Reason contact = byExternal.get("c5a").reasons().stream()
                .filter(r -> r.code() == ReasonCode.CONTACT_INFO)
                .findFirst()
                .orElseThrow();
        assertThat(contact.start()).isNotNull();
        assertThat(byExternal.get("c8a").decision()).isEqualTo(Decision.HELD);
        assertThat(codes(byExternal.get("c8a"))).contains(ReasonCode.URL_SHORTENER);
        for (String fine : List.of("c1a", "c2a", "c3a", "c4a", "c6a", "c7a")) {
            assertThat(byExternal.get(fine).decision()).as(fine).isEqualTo(Decision.APPROVED);
            assertThat(byExternal.get(fine).firstTimeAuthor()).as(fine).isTrue();
        }
        assertThat(byExternal.get("c1a").source()).isEqualTo(DecisionSource.AUTOMATIC);
        assertThat(byExternal.get("c1a").policyVersion()).isEqualTo("0");
    }

    @Test
    void aGarbageRecordLandsInTheDltAndTheNextCommentIsStillDecided() {
        String site = newSite();
        Events.send(Topics.COMMENTS_SUBMITTED.name(), site + "/x", "{this is not json");
        Events.send(Topics.COMMENTS_SUBMITTED.name(), site + "/x", "{\"siteId\":\"" + site + "\"}");
        CommentSubmitted next = aComment(site, "after-garbage", "x", "Still here, still fine.");
        submit(next);

        assertThat(awaitDecisions(List.of(next.commentId().asString()), 1)
                        .get(next.commentId().asString())
                        .decision())
                .isEqualTo(Decision.APPROVED);
        ConsumerRecord<String, String> dead = TopicProbe.await(
                SherpaInfrastructure.kafkaBootstrap(),
                Topics.COMMENTS_SUBMITTED.deadLetterName(),
                Duration.ofSeconds(20),
                r -> "{this is not json".equals(r.value()));
        assertThat(new String(
                        dead.headers().lastHeader("kafka_dlt-exception-fqcn").value()))
                .contains("EventFormatException");
        assertThat(dead.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
    }

    @Test
    void aModeratorOverridesWithTheNextSequenceOnlyOnTheirSites() {
        String site = newSite();
        String otherSite = newSite();
        moderators.save("mod-" + site, "secret-1", Set.of(site), false).block();
        moderators
                .save("mod-" + otherSite, "secret-2", Set.of(otherSite), false)
                .block();
        CommentSubmitted held = aComment(site, "contact-1", "mike", "Great post. my email is mike@blog4business.com");
        submit(held);
        String id = held.commentId().asString();
        assertThat(awaitDecisions(List.of(id), 1).get(id).decision()).isEqualTo(Decision.HELD);

        decide(id, "mod-" + otherSite, "secret-2", "APPROVED")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        decide(id, "mod-" + site, "wrong", "APPROVED").expectStatus().isUnauthorized();
        http.post()
                .uri("/api/v1/comments/{id}/decision", id)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "APPROVED"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        decide(id, "mod-" + site, "secret-1", "MAYBE").expectStatus().isBadRequest();

        decide(id, "mod-" + site, "secret-1", "APPROVED")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.sequence")
                .isEqualTo(2)
                .jsonPath("$.source")
                .isEqualTo("MODERATOR");

        CommentDecided override = awaitDecisions(List.of(id), 2).get(id);
        assertThat(override.decision()).isEqualTo(Decision.APPROVED);
        assertThat(override.moderatorId()).isEqualTo("mod-" + site);
        assertThat(override.reasons()).extracting(Reason::code).contains(ReasonCode.CONTACT_INFO);

        assertThat(Actuator.prometheus(http))
                .contains("sherpa_moderation_overrides_total{")
                .contains("from=\"HELD\"")
                .contains("sherpa_moderation_decisions_total{")
                .contains("sherpa_moderation_reasons_total{")
                .contains("sherpa_moderation_latency_seconds_bucket")
                .contains("sherpa_moderation_queue_depth");
    }

    @Test
    void aPolicyChangeTakesEffectForTheNextCommentAndIsRecorded() {
        String site = newSite();
        String key = siteWithKey(site);
        http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(0)
                .jsonPath("$.mode")
                .isEqualTo("post");

        http.put()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        Map.of("thresholds", Map.of("spam", Map.of("hold", 0.9, "reject", 0.5)), "mode", "sometimes"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .exists();
        http.put()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("thresholds", Map.of("spam", Map.of("hold", 0.9, "reject", 0.5))))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("thresholds.spam");

        http.put()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("suspectWords", List.of("rubber duck"), "bannedWords", List.of("knuckleheads")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.version")
                .isEqualTo(1);

        CommentSubmitted suspect = aComment(site, "duck-1", "dan", "Buy my Rubber Duck collection!");
        CommentSubmitted banned = aComment(site, "knuck-1", "eve", "You KNUCKLEHEADS.");
        submit(suspect);
        submit(banned);
        Map<String, CommentDecided> decided = awaitDecisions(
                List.of(suspect.commentId().asString(), banned.commentId().asString()), 1);
        CommentDecided held = decided.get(suspect.commentId().asString());
        assertThat(held.decision()).isEqualTo(Decision.HELD);
        assertThat(held.policyVersion()).isEqualTo("1");
        Reason word = held.reasons().stream()
                .filter(r -> r.code() == ReasonCode.SUSPECT_WORD)
                .findFirst()
                .orElseThrow();
        assertThat(suspect.text().substring(word.start(), word.end())).isEqualTo("Rubber Duck");
        assertThat(decided.get(banned.commentId().asString()).decision()).isEqualTo(Decision.REJECTED);

        http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.suspectWords[0]")
                .isEqualTo("rubber duck");
        http.get().uri("/api/v1/policy").exchange().expectStatus().isUnauthorized();
        http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer nope")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void theQueueShowsHeldCommentsOldestFirstPageByPage() {
        String site = newSite();
        String key = siteWithKey(site);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            CommentSubmitted held = aComment(site, "q" + i, "author-" + i, "Reach me at person" + i + "@example.org");
            submit(held);
            ids.add(held.commentId().asString());
            awaitDecisions(List.of(held.commentId().asString()), 1);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<?, ?> page = http.get()
                    .uri(u -> u.path("/api/v1/queue")
                            .queryParam("limit", 2)
                            .queryParamIfPresent("cursor", java.util.Optional.ofNullable(cursor0(u)))
                            .build())
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            for (Object item : (List<?>) page.get("items")) {
                seen.add((String) ((Map<?, ?>) item).get("id"));
            }
            cursor = (String) page.get("nextCursor");
            nextCursor = cursor;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        http.get()
                .uri("/api/v1/queue?cursor=garbage")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isBadRequest();
        String otherKey = siteWithKey(newSite());
        http.get()
                .uri("/api/v1/queue")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + otherKey)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(0);
    }

    private String nextCursor;

    private String cursor0(org.springframework.web.util.UriBuilder ignored) {
        return nextCursor;
    }

    @Test
    void stoppedMidStreamAndStartedAgainItDecidesEveryCommentExactlyOnce() {
        String site = newSite();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            CommentSubmitted c =
                    aComment(site, "r" + i, "author-" + (i % 5), "Comment number " + i + " says something new");
            submit(c);
            ids.add(c.commentId().asString());
            if (i == 7) {
                listeners.getListenerContainer("moderation-pipeline").stop();
            }
        }
        listeners.getListenerContainer("moderation-pipeline").start();
        awaitDecisions(ids, 1);
        List<ConsumerRecord<String, String>> all = TopicProbe.collect(
                SherpaInfrastructure.kafkaBootstrap(),
                Topics.COMMENTS_DECIDED.name(),
                Duration.ofSeconds(5),
                r -> ids.contains(r.key()),
                Integer.MAX_VALUE);
        Map<String, Long> perComment =
                all.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
        assertThat(perComment).hasSize(20);
        assertThat(perComment.values()).allMatch(n -> n == 1);
    }

    private String newSite() {
        String site = "s-" + UUID.randomUUID().toString().substring(0, 8);
        return site;
    }

    private WebTestClient.ResponseSpec decide(String id, String user, String password, String decision) {
        return http.post()
                .uri("/api/v1/comments/{id}/decision", id)
                .headers(h -> h.setBasicAuth(user, password))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", decision, "note", "checked"))
                .exchange();
    }

    /** Waits for a decision of at least {@code sequence} for every id; returns the newest of each. */
    static Map<String, CommentDecided> awaitDecisions(java.util.Collection<String> ids, long sequence) {
        Map<String, CommentDecided> newest = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ConsumerRecord<String, String> r : TopicProbe.collect(
                    SherpaInfrastructure.kafkaBootstrap(),
                    Topics.COMMENTS_DECIDED.name(),
                    Duration.ofSeconds(2),
                    r -> ids.contains(r.key()),
                    Integer.MAX_VALUE)) {
                CommentDecided d = EventJson.read(r.value(), CommentDecided.class);
                newest.merge(r.key(), d, (a, b) -> a.sequence() >= b.sequence() ? a : b);
            }
            assertThat(ids)
                    .allMatch(id -> newest.containsKey(id) && newest.get(id).sequence() >= sequence);
        });
        return newest;
    }

    private static List<ReasonCode> codes(CommentDecided d) {
        return d.reasons().stream().map(Reason::code).toList();
    }
}
