package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.Actuator;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.test.TestSites;
import io.sherpa.common.topics.Topics;
import io.sherpa.notification.delivery.WebhookSignature;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** notification-service through Kafka, MongoDB and HTTP, with a real webhook receiver. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sherpa.notification.database=sherpa_notification_flow",
            "sherpa.notification.allow-private-webhooks=true",
            "sherpa.notification.webhook-backoff=100ms",
            "sherpa.notification.webhook-attempts=4",
            "sherpa.notification.unanswered-delay=3s",
            "sherpa.notification.timer-interval=200ms"
        })
@AutoConfigureWebTestClient
@org.springframework.test.annotation.DirtiesContext
class NotificationFlowTests {

    static HttpServer receiver;
    static final List<String[]> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            int status = failuresLeft.getAndDecrement() > 0 ? 500 : 204;
            if (status == 204) {
                received.add(new String[] {
                    exchange.getRequestHeaders().getFirst("Sherpa-Signature"),
                    exchange.getRequestHeaders().getFirst("Sherpa-Notification-Id"),
                    body
                });
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.createContext("/always-down", exchange -> {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    static void stop() {
        receiver.stop(0);
    }

    @Autowired
    WebTestClient http;

    @Test
    void theSeedThreadTellsThePostAuthorAndTheMentorExactlyOnceAndWithdrawsOnRejection() throws Exception {
        Path seed = Path.of("../../shared/fixtures/seed-thread.jsonl");
        Assumptions.assumeTrue(Files.exists(seed), "seed thread not present");
        String site = "seed-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        aMentor(key, "sherpa-sam", "Sam the Sherpa");

        List<CommentDecided> decisions = new ArrayList<>();
        for (String line : Files.readAllLines(seed)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = EventJson.mapper().readValue(line, Map.class);
            if (!"comment".equals(item.get("type"))) {
                continue;
            }
            String ext = (String) item.get("externalId");
            Decision decision = ext.endsWith("b")
                    ? Decision.REJECTED
                    : (ext.equals("c5a") || ext.equals("c8a")) ? Decision.HELD : Decision.APPROVED;
            String author = (String) ((Map<?, ?>) item.get("author")).get("id");
            decisions.add(
                    decided(site, ext, author, (String) item.get("text"), null, null, decision, 1, !ext.endsWith("b")));
        }
        decisions.forEach(this::publish);

        awaitInbox(key, "amber", 6);
        awaitWelcomes(key, 6);
        assertThat(kinds(key, "amber")).containsOnly("COMMENT_ON_POST");

        // a moderator approves c5a: one more for each
        CommentDecided c5a = decisions.stream()
                .filter(d -> d.commentId().equals(CommentId.derive(SiteId.of(site), "c5a")))
                .findFirst()
                .orElseThrow();
        publish(next(c5a, Decision.APPROVED));
        awaitInbox(key, "amber", 7);
        awaitWelcomes(key, 7);

        // replaying everything notifies nobody again
        decisions.forEach(this::publish);
        publish(next(c5a, Decision.APPROVED));

        // a moderator rejects c1a: its notifications are withdrawn
        CommentDecided c1a = decisions.stream()
                .filter(d -> d.commentId().equals(CommentId.derive(SiteId.of(site), "c1a")))
                .findFirst()
                .orElseThrow();
        // amber had read it
        Object c1aNotification = inbox(key, "amber").stream()
                .filter(n -> c1a.commentId().asString().equals(n.get("commentId")))
                .findFirst()
                .orElseThrow()
                .get("id");
        http.post()
                .uri("/api/v1/users/amber/notifications/{id}/read", c1aNotification)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .is2xxSuccessful();
        publish(next(c1a, Decision.REJECTED));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, "amber").stream()
                                .filter(n -> c1a.commentId().asString().equals(n.get("commentId")))
                                .map(n -> n.get("withdrawn"))
                                .toList())
                        .containsExactly(true));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(inbox(key, "amber")).hasSize(7);
            assertThat(kinds(key, "sherpa-sam"))
                    .filteredOn("NEWCOMER_FIRST_COMMENT"::equals)
                    .hasSize(7);
        });
        http.get()
                .uri("/api/v1/users/amber/notifications?unread=true")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(6);

        // the moderator changes their mind and approves c1a again: it is news again, unread, not withdrawn
        publish(next(next(c1a, Decision.REJECTED), Decision.APPROVED));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, "amber").stream()
                                .filter(n -> c1a.commentId().asString().equals(n.get("commentId")))
                                .map(n -> List.of(n.get("withdrawn"), n.get("read")))
                                .toList())
                        .containsExactly(List.of(false, false)));
        assertThat(inbox(key, "amber")).hasSize(7);
        // another site's key sees nothing of this site's users
        String otherKey =
                Sites.withKey(http, "other-" + UUID.randomUUID().toString().substring(0, 6));
        assertThat(inbox(otherKey, "amber")).isEmpty();
    }

    @Test
    void repliesReachTheParentAuthorEvenWhenTheParentArrivesLaterAndNeverTheAuthorThemselves() {
        String site = "replies-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        CommentId parent = CommentId.derive(SiteId.of(site), "p1");
        // the reply is decided before its parent is known to this service
        publish(decided(site, "r1", "bob", "I agree with you", parent, null, Decision.APPROVED, 1, false));
        publish(decided(site, "p1", "ann", "My first thought", null, null, Decision.APPROVED, 1, false));
        publish(decided(site, "r2", "ann", "Replying to myself", parent, "ann", Decision.APPROVED, 1, false));
        awaitInbox(key, "ann", 1);
        assertThat(kinds(key, "ann")).containsExactly("REPLY");
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(inbox(key, "ann")).hasSize(1));
        publish(decided(site, "held-reply", "carl", "buy stuff", parent, "ann", Decision.HELD, 1, false));
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(inbox(key, "ann")).hasSize(1));
    }

    @Test
    void aReplyThatArrivesBeforeThePostAuthorsOwnCommentTellsThemOnce() {
        String site = "own-parent-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        CommentId parent = CommentId.derive(SiteId.of(site), "p1");
        // the reply names no parent author and comes first; its parent is the post author's own comment
        publish(decided(site, "r1", "bob", "Thanks for answering", parent, null, Decision.APPROVED, 1, false));
        publish(decided(site, "p1", "amber", "Author here: yes", null, null, Decision.APPROVED, 1, false));
        publish(decided(site, "c2", "carl", "Great post", null, null, Decision.APPROVED, 1, false));
        awaitInbox(key, "amber", 2);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(inbox(key, "amber"))
                        .extracting(n -> n.get("commentId"))
                        .containsExactlyInAnyOrder(
                                CommentId.derive(SiteId.of(site), "r1").asString(),
                                CommentId.derive(SiteId.of(site), "c2").asString()));
    }

    @Test
    void aNewcomersUnansweredQuestionReachesTheMentorsUnlessSomeoneReplies() {
        String site = "questions-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        aMentor(key, "guide", "Guide");
        publish(decided(site, "q1", "newbie-1", "How do I get started here?", null, null, Decision.APPROVED, 1, true));
        publish(decided(site, "q2", "newbie-2", "Is there a meetup?", null, null, Decision.APPROVED, 1, true));
        publish(decided(
                site,
                "a2",
                "helper",
                "Yes, on Fridays!",
                CommentId.derive(SiteId.of(site), "q2"),
                "newbie-2",
                Decision.APPROVED,
                1,
                false));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(kinds(key, "guide"))
                        .containsExactlyInAnyOrder(
                                "NEWCOMER_FIRST_COMMENT", "NEWCOMER_FIRST_COMMENT", "NEWCOMER_UNANSWERED"));
        List<Map<String, Object>> unanswered = inbox(key, "guide").stream()
                .filter(n -> "NEWCOMER_UNANSWERED".equals(n.get("kind")))
                .toList();
        assertThat(unanswered.get(0).get("commentId"))
                .isEqualTo(CommentId.derive(SiteId.of(site), "q1").asString());
    }

    @Test
    void aQuestionWhoseOnlyAnswerIsTakenBackOrAnsweredOnlyByItsAuthorReachesTheMentors() {
        String site = "retracted-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        aMentor(key, "guide", "Guide");
        CommentId q1 = CommentId.derive(SiteId.of(site), "q1");
        CommentId q2 = CommentId.derive(SiteId.of(site), "q2");
        publish(decided(site, "q1", "newbie-1", "Where are the docs?", null, null, Decision.APPROVED, 1, true));
        CommentDecided spamAnswer = decided(
                site, "a1", "shill", "Docs here, and cheap pills too", q1, "newbie-1", Decision.APPROVED, 1, false);
        publish(spamAnswer);
        publish(decided(site, "q2", "newbie-2", "Can anyone help with setup?", null, null, Decision.APPROVED, 1, true));
        publish(decided(site, "f2", "newbie-2", "Anyone?", q2, "newbie-2", Decision.APPROVED, 1, false));
        // a moderator takes the only answer of q1 back
        publish(next(spamAnswer, Decision.REJECTED));
        // q3's asker follows up before q3 itself is known here: the follow-up waits for it, and is no answer
        CommentId q3 = CommentId.derive(SiteId.of(site), "q3");
        publish(decided(site, "f3", "newbie-3", "Nobody?", q3, null, Decision.APPROVED, 1, false));
        publish(decided(site, "q3", "newbie-3", "Which theme is this?", null, null, Decision.APPROVED, 1, true));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, "guide").stream()
                                .filter(n -> "NEWCOMER_UNANSWERED".equals(n.get("kind")))
                                .map(n -> n.get("commentId"))
                                .toList())
                        .containsExactlyInAnyOrder(q1.asString(), q2.asString(), q3.asString()));
    }

    @Test
    void webhooksAreSignedRetriedAndDeadLetteredAfterTheLastAttempt() {
        String site = "hooks-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        String secret = (String) http.put()
                .uri("/api/v1/users/amber/preferences")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "channels",
                        List.of("inbox", "webhook"),
                        "webhookUrl",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("webhookSecret");
        assertThat(secret).startsWith("whsec_");
        failuresLeft.set(2);
        received.clear();
        publish(decided(site, "w1", "bob", "Great post!", null, null, Decision.APPROVED, 1, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        String[] delivery = received.get(0);
        assertThat(WebhookSignature.verify(secret, delivery[0], delivery[2])).isTrue();
        assertThat(delivery[2])
                .contains("COMMENT_ON_POST")
                .contains(CommentId.derive(SiteId.of(site), "w1").asString());
        assertThat(delivery[1]).startsWith("n_");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);

        http.put()
                .uri("/api/v1/users/amber/preferences")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of(
                        "channels",
                        List.of("webhook"),
                        "webhookUrl",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/always-down"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.webhookSecret")
                .doesNotExist();
        publish(decided(site, "w2", "bob", "Another one", null, null, Decision.APPROVED, 1, false));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> http.get()
                        .uri("/api/v1/dead-letters")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$[0].attempts")
                        .isEqualTo(4)
                        .jsonPath("$[0].channel")
                        .isEqualTo("webhook"));

        http.put()
                .uri("/api/v1/users/amber/preferences")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channels", List.of("pager"), "digest", "weekly"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(2);
        assertThat(Actuator.prometheus(http))
                .contains("sherpa_notifications_total{")
                .contains("outcome=\"dead\"")
                .contains("outcome=\"retried\"")
                .contains("sherpa_notification_latency_seconds_bucket")
                .contains("sherpa_notification_outbox_size{");
    }

    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    @Test
    void stoppedMidStreamAndStartedAgainItNotifiesEachOnceAndRedeliveryChangesNothing() {
        String site = "restart-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        List<CommentDecided> all = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            CommentDecided d =
                    decided(site, "x" + i, "reader-" + i, "Comment " + i, null, null, Decision.APPROVED, 1, false);
            all.add(d);
            publish(d);
            if (i == 4) {
                listeners.getListenerContainer("notification-pipeline").stop();
            }
        }
        listeners.getListenerContainer("notification-pipeline").start();
        all.forEach(this::publish); // redelivered, as after a crash before the offsets were committed
        awaitInbox(key, "amber", 12);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(inbox(key, "amber"))
                        .extracting(n -> n.get("commentId"))
                        .doesNotHaveDuplicates()
                        .hasSize(12));
    }

    @Test
    void anUnreadableDecisionIsDeadLetteredAndTheDecisionsAroundItAreApplied() {
        String site = "poison-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        CommentDecided before = decided(site, "p1", "reader-1", "Before", null, null, Decision.APPROVED, 1, false);
        CommentDecided after = decided(site, "p2", "reader-2", "After", null, null, Decision.APPROVED, 1, false);
        // one key, so one partition: the unreadable record sits between the two in the same poll or the next
        String partitionKey = before.partitionKey();
        send(Topics.COMMENTS_DECIDED.name(), partitionKey, EventJson.write(before));
        String poison = "{\"not a decision\": " + UUID.randomUUID() + "}";
        send(Topics.COMMENTS_DECIDED.name(), partitionKey, "{\"eventId\": \"" + poison);
        send(Topics.COMMENTS_DECIDED.name(), partitionKey, EventJson.write(after));

        awaitInbox(key, "amber", 2);
        assertThat(inbox(key, "amber"))
                .extracting(n -> n.get("commentId"))
                .containsExactlyInAnyOrder(
                        before.commentId().asString(), after.commentId().asString());
        assertThat(io.sherpa.common.test.TopicProbe.await(
                                SherpaInfrastructure.kafkaBootstrap(),
                                Topics.COMMENTS_DECIDED.name() + ".DLT",
                                Duration.ofSeconds(30),
                                r -> r.value().contains(poison))
                        .value())
                .contains(poison);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(io.sherpa.common.test.Actuator.prometheus(http))
                        .as("the service's own dead-letter counter, which outlives the Kafka client's per-topic series")
                        .containsPattern("sherpa_kafka_dead_letters_total\\{[^}]*topic=\"sherpa\\.comments\\.decided"
                                + "\\.v1\\.DLT\"[^}]*} [1-9]"));
    }

    @Test
    void manyDecisionsOfOnePollAreAppliedSideBySideInOrderPerComment() {
        String site = "burst-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        List<CommentDecided> approvedThenRejected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            CommentDecided d =
                    decided(site, "b" + i, "reader-" + i, "Comment " + i, null, null, Decision.APPROVED, 1, false);
            publish(d);
            if (i % 3 == 0) { // a moderator reverses every third one right away: in the same poll, after it
                CommentDecided rejected = next(d, Decision.REJECTED);
                publish(rejected);
                approvedThenRejected.add(d);
            }
        }
        java.util.Set<Object> reversed = approvedThenRejected.stream()
                .map(d -> (Object) d.commentId().asString())
                .collect(java.util.stream.Collectors.toSet());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, "amber"))
                        .filteredOn(n -> Boolean.TRUE.equals(n.get("withdrawn")))
                        .hasSize(20));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<Map<String, Object>> inbox = inbox(key, "amber");
            assertThat(inbox)
                    .extracting(n -> n.get("commentId"))
                    .doesNotHaveDuplicates()
                    .hasSize(60);
            // the reversal came after the approval of the same comment, so it was applied after it
            assertThat(inbox)
                    .allSatisfy(n -> assertThat(n.get("withdrawn"))
                            .as((String) n.get("commentId"))
                            .isEqualTo(reversed.contains(n.get("commentId"))));
        });
    }

    private static CommentDecided decided(
            String site,
            String ext,
            String author,
            String text,
            CommentId parent,
            String parentAuthor,
            Decision decision,
            long sequence,
            boolean firstTime) {
        return new CommentDecided(
                EventId.random(),
                CommentId.derive(SiteId.of(site), ext),
                SiteId.of(site),
                "sherpa-post",
                "amber",
                parent,
                parentAuthor,
                author,
                author,
                text.length() > 280 ? text.substring(0, 280) : text,
                decision,
                DecisionSource.AUTOMATIC,
                null,
                sequence,
                Map.of(),
                List.of(),
                firstTime,
                "0",
                "rules-1",
                Instant.now(),
                Instant.now());
    }

    private void aMentor(String key, String mentorId, String name) {
        http.put()
                .uri("/api/v1/mentors/{id}", mentorId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name))
                .exchange()
                .expectStatus()
                .isOk();
    }

    private static CommentDecided next(CommentDecided d, Decision decision) {
        return d.byModerator("mod", decision, Instant.now());
    }

    private void publish(CommentDecided d) {
        send(Topics.COMMENTS_DECIDED.name(), d.partitionKey(), EventJson.write(d));
    }

    private static void send(String topic, String key, String value) {
        TestSites.send(topic, key, value);
    }

    private void awaitInbox(String key, String user, int size) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, user)).hasSize(size));
    }

    /** The mentor's welcomes; newcomers' questions in the thread may also bring NEWCOMER_UNANSWERED. */
    private void awaitWelcomes(String key, int size) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(kinds(key, "sherpa-sam"))
                        .filteredOn("NEWCOMER_FIRST_COMMENT"::equals)
                        .hasSize(size));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> inbox(String key, String user) {
        Map<String, Object> page = http.get()
                .uri("/api/v1/users/{u}/notifications?limit=200", user)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) page.get("items");
    }

    private List<Object> kinds(String key, String user) {
        return inbox(key, user).stream().map(n -> n.get("kind")).toList();
    }
}
