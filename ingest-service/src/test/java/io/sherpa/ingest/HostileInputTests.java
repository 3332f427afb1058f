package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.test.HostileFire;
import io.sherpa.common.test.HostileFire.Shot;
import io.sherpa.common.test.HostileInput;
import io.sherpa.common.test.KeepAliveProbe;
import io.sherpa.common.test.SherpaInfrastructure;
import java.util.HashMap;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Thousands of generated hostile requests at every public endpoint of ingest-service, through a real HTTP
 * client so that broken JSON and invalid UTF-8 reach the server as sent: each is answered with a 2xx or a
 * problem+json 4xx, never a 5xx and never not at all, and the service still takes a normal comment after.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "sherpa.ingest.admin-token=hostile-admin-token",
            "sherpa.ingest.rate-limit.default-per-second=1000000"
        })
@AutoConfigureWebTestClient
class HostileInputTests {

    static final String ADMIN = "hostile-admin-token";
    static final int REQUESTS = Integer.getInteger("sherpa.hostile.ingest-requests", 5000);
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
    void afterEveryAnswerTheConnectionClosesOrServesTheNextRequest() {
        String apiKey = createSite("keepalive-" + UUID.randomUUID().toString().substring(0, 8));
        KeepAliveProbe probe = new KeepAliveProbe(port, "/actuator/health");
        shots(apiKey).sampleStream().limit(KEEP_ALIVE_PROBES).forEach(probe::probe);
        System.out.println("KEEP-ALIVE ingest-service: " + probe.probes() + " probes, "
                + probe.failures().size() + " connections left hanging ");
        assertThat(probe.failures()).isEmpty();
    }

    @Test
    void everyHostileRequestGetsA2xxOrAProblemAndTheServiceKeepsServing() {
        String siteId = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String apiKey = createSite(siteId);
        HostileFire fire = new HostileFire("ingest-service", port);

        List<Shot> shots = shots(apiKey).sampleStream().limit(REQUESTS).collect(Collectors.toList());
        long started = System.nanoTime();
        fire.fire(shots, 4);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println(fire.report() + "  in " + millis + " ms");

        fire.assertSurvived();
        assertThat(fire.sent()).isGreaterThanOrEqualTo(REQUESTS);
        assertThat(fire.serverErrors()).isZero();
        String id = (String) http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("after-the-storm"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        http.get()
                .uri("/api/v1/comments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange()
                .expectStatus()
                .isOk();
    }

    private Arbitrary<Shot> shots(String apiKey) {
        Arbitrary<String> siteAuth = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just("Bearer " + apiKey)), Tuple.of(1, HostileInput.wrongAuthorizations()));
        Arbitrary<String> adminAuth = Arbitraries.frequencyOf(
                Tuple.of(7, Arbitraries.just("Bearer " + ADMIN)), Tuple.of(3, HostileInput.wrongAuthorizations()));
        Arbitrary<String> json = HostileInput.contentTypes("application/json");
        Arbitrary<Map<String, Object>> comments =
                Arbitraries.integers().between(0, 300).map(n -> aComment("h" + n, "A hostile day, number " + n + "."));

        Arbitrary<Shot> one = Combinators.combine(comments.flatMap(HostileInput::jsonBodies), json, siteAuth)
                .as((body, type, auth) -> shot("comment", "POST", "/api/v1/comments", type, auth, body));
        Arbitrary<byte[]> batchBodies = Arbitraries.oneOf(
                comments.flatMap(c -> HostileInput.jsonBodies(Map.of("comments", List.of(c, c)))),
                comments.flatMap(c -> HostileInput.objects(c)
                        .list()
                        .ofMaxSize(5)
                        .map(items -> HostileInput.json(Map.of("comments", items)))),
                Arbitraries.of(0, 1, 500, 501)
                        .map(n -> HostileInput.json(Map.of(
                                "comments",
                                java.util.stream.IntStream.range(0, n)
                                        .mapToObj(i -> Map.of("externalId", "b" + i))
                                        .toList()))));
        Arbitrary<Shot> batch = Combinators.combine(batchBodies, json, siteAuth)
                .as((body, type, auth) -> shot("batch", "POST", "/api/v1/comments:batch", type, auth, body));
        Arbitrary<Shot> status = Combinators.combine(HostileInput.pathSegments(), siteAuth)
                .as((id, auth) -> shot("status", "GET", "/api/v1/comments/" + id, null, auth, null));
        Arbitrary<Shot> erase = Combinators.combine(HostileInput.pathSegments(), siteAuth)
                .as((id, auth) -> shot("erase", "DELETE", "/api/v1/authors/" + id, null, auth, null));
        Arbitrary<Shot> createSite = Combinators.combine(
                        Arbitraries.integers()
                                .between(0, 1_000_000)
                                .flatMap(n -> HostileInput.jsonBodies(
                                        Map.of("siteId", "h-" + n, "name", "Hostile " + n, "rateLimitPerSecond", 5))),
                        json,
                        adminAuth)
                .as((body, type, auth) -> shot("admin-create", "POST", "/api/v1/admin/sites", type, auth, body));
        Arbitrary<Shot> adminPaths = Combinators.combine(
                        HostileInput.pathSegments(),
                        HostileInput.pathSegments(),
                        Arbitraries.integers().between(0, 3),
                        adminAuth)
                .as((site, key, which, auth) -> switch (which) {
                    case 0 -> shot("admin-get", "GET", "/api/v1/admin/sites/" + site, null, auth, null);
                    case 1 -> shot("admin-rotate", "POST", "/api/v1/admin/sites/" + site + "/keys", null, auth, null);
                    case 2 ->
                        shot(
                                "admin-revoke",
                                "DELETE",
                                "/api/v1/admin/sites/" + site + "/keys/" + key,
                                null,
                                auth,
                                null);
                    default ->
                        shot(
                                "admin-update",
                                "PATCH",
                                "/api/v1/admin/sites/" + site,
                                "application/json",
                                auth,
                                HostileInput.json(Map.of("disabled", true)));
                });
        Arbitrary<Shot> adminUpdate = Combinators.combine(
                        HostileInput.jsonBodies(Map.of("name", "Renamed", "disabled", false, "rateLimitPerSecond", 7)),
                        json,
                        adminAuth)
                .as((body, type, auth) ->
                        shot("admin-update", "PATCH", "/api/v1/admin/sites/h-target", type, auth, body));
        return Arbitraries.frequencyOf(
                Tuple.of(35, one),
                Tuple.of(15, batch),
                Tuple.of(12, status),
                Tuple.of(10, erase),
                Tuple.of(12, createSite),
                Tuple.of(10, adminPaths),
                Tuple.of(6, adminUpdate));
    }

    private static Shot shot(String label, String method, String path, String type, String auth, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", type);
        headers.put("Authorization", auth);
        return new Shot(label, method, path, headers, body);
    }

    private String createSite(String id) {
        // "h-target", the site the admin shots aim at, is made once per service: both tests share it
        http.post()
                .uri("/api/v1/admin/sites")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "h-target", "name", "Site h-target"))
                .exchange()
                .expectStatus()
                .value(status -> assertThat(status).isIn(201, 409));
        String key = null;
        for (String site : List.of(id)) {
            Map<String, Object> created = http.post()
                    .uri("/api/v1/admin/sites")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("siteId", site, "name", "Site " + site))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                    .returnResult()
                    .getResponseBody();
            key = key == null ? (String) created.get("apiKey") : key;
        }
        return key;
    }
}
