package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.AccessMatrix;
import io.sherpa.common.test.AccessMatrix.Caller;
import io.sherpa.common.test.AccessMatrix.Endpoint;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.common.test.TestSites;
import io.sherpa.common.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may do what on notification-service, as one table sent over HTTP: no key, unknown, revoked and disabled
 * keys, and another site's key on a user's inbox, preferences and notifications and on the site's mentors and
 * dead letters (nothing leaked). Webhook URLs that point at loopback, private, link-local or metadata addresses
 * or use another scheme are refused, as they are outside local mode (this service runs with the default,
 * {@code allow-private-webhooks=false}). Every endpoint of the OpenAPI document has rows.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sherpa.notification.database=sherpa_notification_matrix"})
@AutoConfigureWebTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    private AccessMatrix matrix;

    @BeforeAll
    void twoSitesAndANotification() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String siteA = "na-" + suffix;
        String revokedKeyA = Sites.withKey(http, siteA);
        String keyA = TestSites.publish(siteA); // the site's new key list: the first key is revoked
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            mentorsStatus(keyA).isOk();
            mentorsStatus(revokedKeyA).isUnauthorized();
        });
        String keyB = Sites.withKey(http, "nb-" + suffix);
        String disabledKey = TestSites.publishDisabled("nd-" + suffix);

        // site A: a mentor, a user's preferences and a notification in that user's inbox
        String user = "amber-" + suffix;
        String mentorName = "Mentor of A " + suffix;
        String email = "amber-" + suffix + "@mail.example";
        String excerpt = "only amber may read this " + suffix;
        put(keyA, "/api/v1/mentors/sam-" + suffix, Map.of("name", mentorName));
        put(keyA, "/api/v1/users/" + user + "/preferences", Map.of("channels", List.of("inbox"), "email", email));
        CommentDecided approved = Decisions.approved(
                siteA, "c-" + suffix, "post-" + suffix, user, "ben-" + suffix, "Ben", excerpt, null, null);
        TestSites.send(Topics.COMMENTS_DECIDED.name(), approved.partitionKey(), EventJson.write(approved));
        String notificationId = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            List<?> items = (List<?>) http.get()
                                    .uri("/api/v1/users/{u}/notifications", user)
                                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + keyA)
                                    .exchange()
                                    .expectStatus()
                                    .isOk()
                                    .expectBody(Map.class)
                                    .returnResult()
                                    .getResponseBody()
                                    .get("items");
                            return items.isEmpty() ? null : (String) ((Map<?, ?>) items.get(0)).get("id");
                        },
                        id -> id != null);

        Caller nobody = Caller.nobody();
        Caller wrongKey = Caller.bearer("a key nobody issued", "sk_not_a_key_" + suffix);
        Caller basic = Caller.basic("site A's key as HTTP Basic", siteA, keyA);
        Caller revoked = Caller.bearer("site A's revoked key", revokedKeyA);
        Caller disabled = Caller.bearer("a disabled site's key", disabledKey);
        Caller siteAKey = Caller.bearer("site A's key", keyA);
        Caller siteBKey = Caller.bearer("site B's key", keyB);
        String[] ofA = {excerpt, email, mentorName, keyA, revokedKeyA, siteA};

        Endpoint mentors = Endpoint.of("GET", "/api/v1/mentors");
        Endpoint putMentor = Endpoint.of("PUT", "/api/v1/mentors/{mentorId}", "sam-" + suffix)
                .body("{\"name\":\"Someone else\"}");
        Endpoint preferences = Endpoint.of("GET", "/api/v1/users/{userId}/preferences", user);
        Endpoint putPreferences =
                Endpoint.of("PUT", "/api/v1/users/{userId}/preferences", user).body("{\"channels\":[\"inbox\"]}");
        Endpoint inbox = Endpoint.of("GET", "/api/v1/users/{userId}/notifications", user);
        Endpoint read = Endpoint.of("POST", "/api/v1/users/{userId}/notifications/{id}/read", user, notificationId);
        Endpoint stream = Endpoint.of("GET", "/api/v1/users/{userId}/notifications/stream", user);
        Endpoint deadLetters = Endpoint.of("GET", "/api/v1/dead-letters");
        List<Endpoint> everything =
                List.of(mentors, putMentor, preferences, putPreferences, inbox, read, stream, deadLetters);

        matrix = new AccessMatrix("http://127.0.0.1:" + port);
        for (Caller stranger : List.of(nobody, wrongKey, basic, revoked, disabled)) {
            everything.forEach(endpoint -> matrix.expect(stranger, endpoint, 401, ofA));
        }
        // site B's key names the same user and mentor ids, and reaches only site B's own (empty) records
        matrix.expect(siteBKey, inbox, 200, ofA)
                .expect(siteBKey, read, 404, ofA)
                .expect(siteBKey, preferences, 200, ofA)
                .expect(siteBKey, mentors, 200, ofA)
                .expect(siteBKey, deadLetters, 200, ofA)
                .expect(siteBKey, stream, 200)
                .expect(siteBKey, putPreferences, 200, ofA)
                .expect(siteBKey, putMentor, 200, ofA)
                // site A still sees its own, untouched by site B's writes
                .expect(siteAKey, mentors, 200, "Someone else")
                .expect(siteAKey, preferences, 200)
                .expect(siteAKey, inbox, 200)
                .expect(siteAKey, read, 204)
                .expect(siteAKey, stream, 200)
                .expect(siteAKey, deadLetters, 200);

        // webhooks may not be aimed inside the network Sherpa runs in
        for (String url : List.of(
                "http://127.0.0.1:8083/hook",
                "http://localhost/hook",
                "http://[::1]/hook",
                "http://10.0.0.7/hook",
                "http://192.168.1.20/hook",
                "http://172.16.0.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.64.0.1/hook",
                "http://0.0.0.0/hook",
                "http://[fd00::1]/hook",
                "ftp://93.184.216.34/hook",
                "file:///etc/passwd",
                "http://user:secret@93.184.216.34/hook")) {
            String json = "{\"channels\":[\"webhook\"],\"webhookUrl\":\"" + url + "\"}";
            matrix.expect(
                    siteAKey.named("site A's key, webhook " + url),
                    Endpoint.of("PUT", "/api/v1/users/{userId}/preferences", "hooked-" + suffix)
                            .body(json),
                    400);
            matrix.expect(
                    siteAKey.named("site A's key, mentor webhook " + url),
                    Endpoint.of("PUT", "/api/v1/mentors/{mentorId}", "hooked-" + suffix)
                            .body("{\"name\":\"Hook\",\"webhookUrl\":\"" + url + "\"}"),
                    400);
        }
        matrix.expect(
                siteAKey.named("site A's key, webhook on a public address"),
                Endpoint.of("PUT", "/api/v1/users/{userId}/preferences", "hooked-" + suffix)
                        .body("{\"channels\":[\"webhook\"],\"webhookUrl\":\"https://93.184.216.34/hook\"}"),
                200);
        // the unsubscribe link needs no key: its token is the credential, and a forged one is refused
        matrix.expect(nobody, Endpoint.of("GET", "/api/v1/unsubscribe").query("token=forged-" + suffix), 404, ofA);
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsWhatTheirCredentialAllows() {
        return matrix.tests();
    }

    @Test
    void everyDocumentedEndpointHasRows() throws Exception {
        assertThat(matrix.undocumentedIn(Set.of())).isEmpty();
        assertThat(matrix.size()).isGreaterThan(60);
    }

    private org.springframework.test.web.reactive.server.StatusAssertions mentorsStatus(String key) {
        return http.get()
                .uri("/api/v1/mentors")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus();
    }

    private void put(String key, String path, Map<String, Object> body) {
        http.put()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk();
    }
}
