package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.test.HostileFire;
import io.sherpa.common.test.HostileFire.Shot;
import io.sherpa.common.test.HostileInput;
import io.sherpa.common.test.KeepAliveProbe;
import io.sherpa.common.test.SherpaInfrastructure;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
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
 * Thousands of generated hostile requests at notification-service's preferences, mentors and inbox, through
 * a real HTTP client: each is answered with a 2xx or a problem+json 4xx, never a 5xx and never not at all,
 * and the service still serves normal requests after.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sherpa.notification.database=sherpa_notification_hostile"})
@AutoConfigureWebTestClient
class HostileInputTests {

    static final int REQUESTS = Integer.getInteger("sherpa.hostile.notification-requests", 2500);
    static final int KEEP_ALIVE_PROBES = Integer.getInteger("sherpa.hostile.keep-alive-probes", 500);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient http;

    @Test
    void everyHostileRequestGetsA2xxOrAProblemAndTheServiceKeepsServing() {
        String site = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String key = Sites.withKey(http, site);

        HostileFire fire = new HostileFire("notification-service", port);
        List<Shot> shots = shots(key).sampleStream().limit(REQUESTS).collect(Collectors.toList());
        long started = System.nanoTime();
        fire.fire(shots, 4);
        System.out.println(fire.report() + "  in " + (System.nanoTime() - started) / 1_000_000 + " ms");

        fire.assertSurvived();
        assertThat(fire.sent()).isGreaterThanOrEqualTo(REQUESTS);

        // the same kinds of request, each followed by a plain one on the same kept-alive connection
        KeepAliveProbe probe = new KeepAliveProbe(port, "/actuator/health");
        shots(key).sampleStream().limit(KEEP_ALIVE_PROBES).forEach(probe::probe);
        System.out.println("KEEP-ALIVE notification-service: " + probe.probes() + " probes, "
                + probe.failures().size() + " connections left hanging");
        assertThat(probe.failures()).isEmpty();
        assertThat(fire.serverErrors()).isZero();
        http.put()
                .uri("/api/v1/users/amber/preferences")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("channels", List.of("inbox"), "digest", "daily"))
                .exchange()
                .expectStatus()
                .isOk();
        http.get()
                .uri("/api/v1/users/amber/notifications")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void nullChannelsMutedPostsOrMentorPostsAreAValidationProblemNotAServerError() {
        String key = Sites.withKey(http, "nulls-" + UUID.randomUUID().toString().substring(0, 8));
        String preferences = "/api/v1/users/amber/preferences";
        String mentor = "/api/v1/mentors/sam"; // a null post would fail every later decision of the site
        for (List<String> put : List.of(
                List.of(preferences, "{\"channels\":[null]}", "channels"),
                List.of(preferences, "{\"mutedPosts\":[null,\"post-1\"]}", "mutedPosts"),
                List.of(mentor, "{\"name\":\"Sam\",\"posts\":[null]}", "posts"),
                List.of(mentor, "{\"name\":\"Sam\",\"posts\":[\"post-1\",\" \"]}", "posts"),
                List.of(mentor, "{\"name\":\"Sam\",\"topics\":[null]}", "topics"))) {
            http.put()
                    .uri(put.get(0))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(put.get(1))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo(put.get(2));
        }
    }

    private static Arbitrary<Shot> shots(String key) {
        Arbitrary<String> auth = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just("Bearer " + key)), Tuple.of(1, HostileInput.wrongAuthorizations()));
        Arbitrary<String> json = HostileInput.contentTypes("application/json");
        Arbitrary<String> ids = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of("amber", "sherpa-sam")), Tuple.of(3, HostileInput.pathSegments()));

        Map<String, Object> preferences = new LinkedHashMap<>();
        preferences.put("channels", List.of("inbox", "email"));
        preferences.put("email", "amber@example.org");
        preferences.put("digest", "hourly");
        preferences.put("mutedPosts", List.of("post-1"));
        preferences.put("rotateWebhookSecret", false);
        Arbitrary<Shot> putPreferences = Combinators.combine(ids, HostileInput.jsonBodies(preferences), json, auth)
                .as((id, body, type, a) ->
                        shot("preferences", "PUT", "/api/v1/users/" + id + "/preferences", type, a, body));

        Map<String, Object> mentor = new LinkedHashMap<>();
        mentor.put("name", "Sam the Sherpa");
        mentor.put("email", "sam@example.org");
        mentor.put("posts", List.of("post-1"));
        mentor.put("topics", List.of("welcome"));
        Arbitrary<Shot> putMentor = Combinators.combine(ids, HostileInput.jsonBodies(mentor), json, auth)
                .as((id, body, type, a) -> shot("mentor", "PUT", "/api/v1/mentors/" + id, type, a, body));

        Arbitrary<String> cursors = Arbitraries.oneOf(
                HostileInput.queryValues(),
                Arbitraries.of(
                                "9223372036854775807:x",
                                "-9223372036854775808:",
                                "0:\u0000",
                                ":",
                                "1700000000000:../../",
                                "99999999999999999999:a",
                                "1700000000000:{\"$gt\":\"\"}")
                        .map(raw -> Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(raw.getBytes(StandardCharsets.UTF_8))));
        Arbitrary<Shot> inbox = Combinators.combine(
                        ids,
                        Arbitraries.subsetOf("unread", "cursor", "limit"),
                        cursors,
                        HostileInput.queryValues(),
                        auth)
                .as((id, params, cursor, value, a) -> {
                    StringBuilder path = new StringBuilder("/api/v1/users/" + id + "/notifications?");
                    for (String p : params) {
                        path.append(p)
                                .append('=')
                                .append(p.equals("cursor") ? cursor : value)
                                .append('&');
                    }
                    return shot("inbox", "GET", path.toString(), null, a, null);
                });
        Arbitrary<Shot> read = Combinators.combine(ids, HostileInput.pathSegments(), auth)
                .as((id, n, a) ->
                        shot("read", "POST", "/api/v1/users/" + id + "/notifications/" + n + "/read", null, a, null));
        return Arbitraries.frequencyOf(
                Tuple.of(35, putPreferences), Tuple.of(30, putMentor), Tuple.of(25, inbox), Tuple.of(10, read));
    }

    private static Shot shot(String label, String method, String path, String type, String auth, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", type);
        headers.put("Authorization", auth);
        return new Shot(label, method, path, headers, body);
    }
}
