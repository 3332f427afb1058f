package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.test.TestSites;
import io.sherpa.common.test.TopicProbe;
import io.sherpa.common.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;

/**
 * {@code AuthorErased} through Kafka, with the effects read over HTTP and straight from MongoDB: what the
 * erased author wrote is anonymised everywhere, how to reach them and what they were told is deleted, later
 * decisions do not bring them back, and a replay changes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sherpa.notification.database=" + AuthorErasureTests.DATABASE,
            "sherpa.notification.allow-private-webhooks=true",
            "sherpa.notification.webhook-backoff=100ms",
            "sherpa.notification.webhook-attempts=2"
        })
@AutoConfigureWebTestClient
@DirtiesContext
class AuthorErasureTests {

    static final String DATABASE = "sherpa_notification_erasure";
    static final String NAME = "Xavier Quill";
    static final String SECRET_TEXT = "my grandmother's saffron recipe";
    static final String MARKER = "[erased]";
    static final List<String> COLLECTIONS =
            List.of("notifications", "outbox", "dead_letters", "comments", "preferences", "mentors", "erased_authors");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MongoClient mongo;

    @Test
    void erasingAnAuthorAnonymisesWhatTheyWroteDeletesHowToReachThemAndKeepsItSo() {
        String site = "erase-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        // the author to be erased is also a recipient, with an address and a webhook that is down
        preferences(
                key,
                "xavier",
                Map.of(
                        "channels",
                        List.of("inbox", "email", "webhook"),
                        "email",
                        "xavier@mail.example",
                        "webhookUrl",
                        "http://127.0.0.1:9/hook"));

        CommentId b1 = id(site, "b1");
        CommentId x2 = id(site, "x2");
        publish(decided(site, "b1", "bob", "Bob", "Lovely post", null, null));
        publish(decided(site, "x1", "xavier", NAME, "Bob, try " + SECRET_TEXT, b1, "bob"));
        publish(decided(site, "x2", "xavier", NAME, "Here is " + SECRET_TEXT, null, null));
        publish(decided(site, "c1", "carl", "Carl", "Xavier, thanks for sharing", x2, "xavier"));

        awaitInbox(key, "amber", 4);
        awaitInbox(key, "bob", 1);
        awaitInbox(key, "xavier", 1);
        List<Map<String, Object>> xaviersBefore = byActor(inbox(key, "amber"), "xavier");
        assertThat(xaviersBefore).hasSize(2).allSatisfy(n -> {
            assertThat(actor(n).get("name")).isEqualTo(NAME);
            assertThat((String) n.get("excerpt")).contains(SECRET_TEXT);
        });
        assertThat(byActor(inbox(key, "bob"), "xavier")).hasSize(1);
        // xavier's own deliveries failed for good (webhook down, no SMTP): dead letters about them
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("dead_letters", Filters.eq("recipientId", "xavier"), site) == 2);
        assertThat(everything(site)).contains(NAME, SECRET_TEXT, "xavier@mail.example");

        AuthorErased erasure = new AuthorErased(EventId.random(), SiteId.of(site), "xavier", Instant.now());
        erase(erasure);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            // through the inbox API: same items, same ids, kinds and times, without the name and the text
            List<Map<String, Object>> amber = inbox(key, "amber");
            assertThat(amber).hasSize(4);
            List<Map<String, Object>> xaviers = byActor(amber, "xavier");
            assertThat(xaviers)
                    .extracting(n -> List.of(n.get("id"), n.get("kind"), n.get("commentId"), n.get("createdAt")))
                    .containsExactlyInAnyOrderElementsOf(xaviersBefore.stream()
                            .map(n -> List.of(n.get("id"), n.get("kind"), n.get("commentId"), n.get("createdAt")))
                            .toList());
            assertThat(xaviers).allSatisfy(this::isAnonymised);
            assertThat(byActor(inbox(key, "bob"), "xavier")).singleElement().satisfies(this::isAnonymised);
            // others' notifications are left as they were
            assertThat(byActor(amber, "carl"))
                    .singleElement()
                    .satisfies(n -> assertThat(n.get("excerpt")).isEqualTo("Xavier, thanks for sharing"));
            // xavier as a recipient: inbox and contact details gone
            assertThat(inbox(key, "xavier")).isEmpty();
            Map<String, Object> preferences = preferencesOf(key, "xavier");
            assertThat(preferences.get("email")).isNull();
            assertThat(preferences.get("webhookUrl")).isNull();
        });

        // straight from MongoDB: nothing of the name, the text or the address is left anywhere
        assertThat(everything(site)).doesNotContain(NAME, SECRET_TEXT, "xavier@mail.example", "127.0.0.1:9");
        assertThat(find("notifications", Filters.eq("actor.id", "xavier"), site))
                .hasSize(3)
                .allSatisfy(d -> {
                    assertThat(d.get("actor", Document.class).getString("name")).isEqualTo(MARKER);
                    assertThat(d.getString("excerpt")).isEqualTo(MARKER);
                    assertThat(d.getDate("createdAt")).isNotNull();
                });
        assertThat(find("comments", Filters.eq("authorId", "xavier"), site))
                .hasSize(2)
                .allSatisfy(d -> {
                    assertThat(d.getString("authorName")).isEqualTo(MARKER);
                    assertThat(d.getString("excerpt")).isEqualTo(MARKER);
                    assertThat(d.getString("decision")).isEqualTo("APPROVED");
                });
        assertThat(count("notifications", Filters.eq("recipientId", "xavier"), site))
                .isZero();
        assertThat(count("outbox", Filters.eq("recipientId", "xavier"), site)).isZero();
        assertThat(count("dead_letters", Filters.eq("recipientId", "xavier"), site))
                .isZero();
        assertThat(count("preferences", Filters.eq("userId", "xavier"), site)).isZero();
        assertThat(count("erased_authors", Filters.eq("_id", site + "/xavier"), site))
                .isOne();

        // decided after the erasure (still in flight when it happened): notifies without the name and the text,
        // and a reply to the erased author tells them nothing
        publish(decided(site, "x3", "xavier", NAME, "One more thing about " + SECRET_TEXT, null, null));
        publish(decided(site, "c2", "carl", "Carl", "Xavier, are you there?", x2, "xavier"));
        awaitInbox(key, "amber", 6);
        assertThat(byActor(inbox(key, "amber"), "xavier")).hasSize(3).allSatisfy(this::isAnonymised);
        await().during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(inbox(key, "xavier")).isEmpty());
        assertThat(everything(site)).doesNotContain(NAME, SECRET_TEXT, "xavier@mail.example");

        // replayed: nothing changes, nothing fails
        Map<String, List<String>> before = snapshot(site);
        erase(erasure);
        awaitErasuresConsumed();
        assertThat(snapshot(site)).isEqualTo(before);
        assertThat(TopicProbe.collect(
                        SherpaInfrastructure.kafkaBootstrap(),
                        Topics.AUTHORS_ERASED.deadLetterName(),
                        Duration.ofSeconds(2),
                        r -> erasure.partitionKey().equals(r.key()),
                        1))
                .isEmpty();
    }

    @Autowired
    org.springframework.kafka.config.KafkaListenerEndpointRegistry listeners;

    @Test
    void anErasurePublishedWhileTheListenerIsStoppedIsAppliedOnceItStartsAgain() {
        String site = "erase-restart-" + UUID.randomUUID().toString().substring(0, 6);
        String key = Sites.withKey(http, site);
        publish(decided(site, "x1", "xavier", NAME, "About " + SECRET_TEXT, null, null));
        awaitInbox(key, "amber", 1);

        listeners.getListenerContainer("author-erasure").stop();
        try {
            erase(new AuthorErased(EventId.random(), SiteId.of(site), "xavier", Instant.now()));
            await().during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(everything(site)).contains(NAME, SECRET_TEXT));
        } finally {
            listeners.getListenerContainer("author-erasure").start();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(inbox(key, "amber")).singleElement().satisfies(this::isAnonymised);
            assertThat(everything(site)).doesNotContain(NAME, SECRET_TEXT);
        });
    }

    private void isAnonymised(Map<String, Object> n) {
        assertThat(actor(n)).containsEntry("id", "xavier").containsEntry("name", MARKER);
        assertThat(n.get("excerpt")).isEqualTo(MARKER);
    }

    // ---- Kafka ----

    private static void publish(CommentDecided d) {
        TestSites.send(Topics.COMMENTS_DECIDED.name(), d.partitionKey(), EventJson.write(d));
    }

    private static void erase(AuthorErased e) {
        TestSites.send(Topics.AUTHORS_ERASED.name(), e.partitionKey(), EventJson.write(e));
    }

    /** Waits until this service's consumer group has committed every record of the erasure topic. */
    private static void awaitErasuresConsumed() {
        try (Admin admin = Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SherpaInfrastructure.kafkaBootstrap()))) {
            String topic = Topics.AUTHORS_ERASED.name();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Set<TopicPartition> partitions =
                        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .collect(Collectors.toSet());
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                                "notification-service")
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (TopicPartition p : partitions) {
                    long end = ends.get(p).offset();
                    OffsetAndMetadata at = committed.get(p);
                    assertThat(end == 0 || (at != null && at.offset() >= end))
                            .as("erasures consumed on %s", p)
                            .isTrue();
                }
            });
        }
    }

    private static CommentId id(String site, String externalId) {
        return CommentId.derive(SiteId.of(site), externalId);
    }

    private static CommentDecided decided(
            String site, String ext, String author, String name, String text, CommentId parent, String parentAuthor) {
        return Decisions.approved(site, ext, "sherpa-post", "amber", author, name, text, parent, parentAuthor);
    }

    // ---- MongoDB, read directly ----

    private List<Document> find(String collection, org.bson.conversions.Bson filter, String site) {
        MongoDatabase db = mongo.getDatabase(DATABASE);
        return Flux.from(db.getCollection(collection)
                        .find(
                                filter == null
                                        ? Filters.eq("siteId", site)
                                        : Filters.and(Filters.eq("siteId", site), filter))
                        .sort(Sorts.ascending("_id")))
                .collectList()
                .block(Duration.ofSeconds(10));
    }

    private long count(String collection, org.bson.conversions.Bson filter, String site) {
        return find(collection, filter, site).size();
    }

    /** Every document of the site in every collection of this service, as JSON, by collection. */
    private Map<String, List<String>> snapshot(String site) {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String collection : COLLECTIONS) {
            List<String> docs = new ArrayList<>();
            find(collection, null, site).forEach(d -> docs.add(d.toJson()));
            all.put(collection, docs);
        }
        return all;
    }

    private String everything(String site) {
        return snapshot(site).toString();
    }

    // ---- HTTP ----

    private void preferences(String key, String user, Map<String, Object> body) {
        http.put()
                .uri("/api/v1/users/{u}/preferences", user)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> preferencesOf(String key, String user) {
        return http.get()
                .uri("/api/v1/users/{u}/preferences", user)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private void awaitInbox(String key, String user, int size) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(inbox(key, user)).hasSize(size));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> actor(Map<String, Object> n) {
        return (Map<String, Object>) n.get("actor");
    }

    private static List<Map<String, Object>> byActor(List<Map<String, Object>> items, String actorId) {
        return items.stream().filter(n -> actorId.equals(actor(n).get("id"))).toList();
    }
}
