package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;
import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.AccessMatrix;
import io.sherpa.common.test.AccessMatrix.Caller;
import io.sherpa.common.test.AccessMatrix.Endpoint;
import io.sherpa.common.test.SherpaInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
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
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may do what on ingest-service, as one table sent over HTTP: no key, a wrong key, a key in the wrong
 * scheme, a revoked key, a disabled site's key, another site's key, the admin token where a site key belongs and
 * the other way round, a site over its rate. Every endpoint of the OpenAPI document has rows.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sherpa.ingest.admin-token=matrix-admin-token", "sherpa.ingest.rate-limit.default-per-second=1000"
        })
@AutoConfigureWebTestClient
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests {

    static final String ADMIN = "matrix-admin-token";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @Autowired
    WebTestClient http;

    @LocalServerPort
    int port;

    private AccessMatrix matrix;

    private String siteKey;

    @BeforeAll
    void sitesKeysAndAComment() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String siteA = "a-" + suffix;
        String revokedKey = createSite(siteA, null);
        String revokedKeyId = keyIds(siteA).get(0);
        String keyA = issueKey(siteA);
        siteKey = keyA;
        admin().delete()
                .uri("/api/v1/admin/sites/{id}/keys/{key}", siteA, revokedKeyId)
                .exchange()
                .expectStatus()
                .isNoContent();
        String siteB = "b-" + suffix;
        String keyB = createSite(siteB, null);
        String siteDisabled = "d-" + suffix;
        String disabledKey = createSite(siteDisabled, null);
        admin().patch()
                .uri("/api/v1/admin/sites/{id}", siteDisabled)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("disabled", true))
                .exchange()
                .expectStatus()
                .isOk();
        String slowKey = createSite("r-" + suffix, 1);
        String spare = "e-" + suffix;
        createSite(spare, null);
        issueKey(spare);
        String spareKeyId = keyIds(spare).get(1);

        // site A's comment, whose text, external id and author no other caller may see
        String external = "private-ext-" + suffix;
        Map<String, Object> comment = aComment(external, "Only site A may read this, " + suffix);
        String commentA = (String) http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + keyA)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(comment)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");
        String[] secretsOfA = {external, "Only site A may read this", keyA, revokedKey, ADMIN};

        Caller nobody = Caller.nobody();
        Caller wrongKey = Caller.bearer("a key nobody issued", "sk_not_a_key_" + suffix);
        Caller basic = Caller.basic("site A's key as HTTP Basic", siteA, keyA);
        Caller revoked = Caller.bearer("site A's revoked key", revokedKey);
        Caller disabled = Caller.bearer("a disabled site's key", disabledKey);
        Caller adminAsSite = Caller.bearer("the admin token", ADMIN);
        Caller siteBKey = Caller.bearer("site B's key", keyB);
        Caller siteAKey = Caller.bearer("site A's key", keyA);
        List<Caller> strangers = List.of(nobody, wrongKey, basic, revoked, disabled, adminAsSite);

        String newComment = EventJson.write(aComment("matrix-new-" + suffix));
        String batch = "{\"comments\":[" + EventJson.write(aComment("matrix-batch-" + suffix)) + "]}";
        Endpoint post = Endpoint.of("POST", "/api/v1/comments").body(newComment);
        Endpoint postBatch = Endpoint.of("POST", "/api/v1/comments:batch").body(batch);
        Endpoint read = Endpoint.of("GET", "/api/v1/comments/{id}", commentA);
        Endpoint erase = Endpoint.of("DELETE", "/api/v1/authors/{authorId}", "reader-" + external);

        matrix = new AccessMatrix("http://127.0.0.1:" + port)
                // first, while nothing else has been sent for it: a site over its rate is told when to retry
                .expectAfter(
                        8,
                        Caller.bearer("a site allowed 1 comment/s", slowKey),
                        Endpoint.of("POST", "/api/v1/comments").body(EventJson.write(aComment("slow-" + suffix))),
                        429);
        for (Caller stranger : strangers) {
            matrix.expect(stranger, post, 401, secretsOfA)
                    .expect(stranger, postBatch, 401, secretsOfA)
                    .expect(stranger, read, 401, secretsOfA)
                    .expect(stranger, erase, 401, secretsOfA);
        }
        matrix.expect(siteBKey, read, 404, secretsOfA)
                .expect(siteBKey, Endpoint.of("GET", "/api/v1/comments/{id}", "not-an-id"), 404, secretsOfA)
                .expect(siteBKey, post, 202, secretsOfA)
                .expect(siteAKey, read, 200, keyA, revokedKey, ADMIN)
                .expect(siteAKey, postBatch, 207, keyA, ADMIN);

        Endpoint createSite =
                Endpoint.of("POST", "/api/v1/admin/sites").body("{\"siteId\":\"n-" + suffix + "\",\"name\":\"New\"}");
        Endpoint listSites = Endpoint.of("GET", "/api/v1/admin/sites");
        Endpoint getSite = Endpoint.of("GET", "/api/v1/admin/sites/{siteId}", siteA);
        Endpoint updateSite =
                Endpoint.of("PATCH", "/api/v1/admin/sites/{siteId}", siteB).body("{\"name\":\"Renamed\"}");
        Endpoint rotate = Endpoint.of("POST", "/api/v1/admin/sites/{siteId}/keys", siteB);
        Endpoint revoke = Endpoint.of("DELETE", "/api/v1/admin/sites/{siteId}/keys/{keyId}", spare, spareKeyId);
        Caller admin = Caller.bearer("the admin token", ADMIN);
        Caller wrongAdmin = Caller.bearer("a wrong admin token", ADMIN + "-not");
        for (Caller notAdmin :
                List.of(nobody, wrongAdmin, siteAKey, Caller.basic("admin token as Basic", "admin", ADMIN))) {
            for (Endpoint endpoint : List.of(createSite, listSites, getSite, updateSite, rotate, revoke)) {
                matrix.expect(notAdmin.named(notAdmin.name() + " on the admin API"), endpoint, 401, ADMIN, keyA);
            }
        }
        // the admin API shows key ids and hashes, never a key (except the one it just issued, once)
        matrix.expect(admin, listSites, 200, keyA, keyB, revokedKey)
                .expect(admin, getSite, 200, keyA, revokedKey)
                .expect(admin, updateSite, 200, keyB)
                .expect(admin, createSite, 201, keyA, keyB)
                .expect(admin, rotate, 201, keyB)
                .expect(admin, revoke, 204)
                // an erasure by site B touches site B's authors only: site A's author keeps their comment
                .expect(siteBKey, erase, 202, "Only site A may read this", keyA, "\"ingestCommentsErased\":1")
                .expect(siteAKey, read, 200, ADMIN);
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsWhatTheirCredentialAllows() {
        return matrix.tests();
    }

    @Test
    void anAdminPathWrittenAnotherWayStillNeedsTheAdminToken() throws Exception {
        // the router decodes each segment and drops its ;parameters: so must the check in front of it
        HttpClient client = HttpClient.newHttpClient();
        String created = "disguised-" + UUID.randomUUID().toString().substring(0, 8);
        for (String path : List.of(
                "/api/v1;x=1/admin/sites",
                "/api/%761/admin/sites",
                "/api/v1/%61dmin/sites",
                "/api/v1/admin;x=1/sites",
                "//api/v1/admin/sites")) {
            for (String key : new String[] {null, siteKey}) {
                HttpRequest.Builder list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
                HttpRequest.Builder create = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"siteId\":\"" + created + "\",\"name\":\"X\"}"));
                if (key != null) {
                    list.header("Authorization", "Bearer " + key);
                    create.header("Authorization", "Bearer " + key);
                }
                for (HttpRequest request : List.of(list.GET().build(), create.build())) {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode())
                            .as("%s %s with %s", request.method(), path, key == null ? "no key" : "a site key")
                            .isIn(401, 404);
                    assertThat(response.body()).doesNotContain("apiKey", "keyHash");
                }
            }
        }
        admin().get()
                .uri("/api/v1/admin/sites/{id}", created)
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void everyDocumentedEndpointHasRows() throws Exception {
        assertThat(matrix.undocumentedIn(Set.of())).isEmpty();
        assertThat(matrix.size()).isGreaterThan(50);
    }

    private String createSite(String id, Integer rate) {
        Map<String, Object> request = new HashMap<>(Map.of("siteId", id, "name", "Site " + id));
        if (rate != null) {
            request.put("rateLimitPerSecond", rate);
        }
        return (String) admin().post()
                .uri("/api/v1/admin/sites")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(request)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("apiKey");
    }

    private String issueKey(String site) {
        return (String) admin().post()
                .uri("/api/v1/admin/sites/{id}/keys", site)
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("apiKey");
    }

    private List<String> keyIds(String site) {
        List<?> keys = (List<?>) admin().get()
                .uri("/api/v1/admin/sites/{id}", site)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody()
                .get("keys");
        return keys.stream().map(k -> (String) ((Map<?, ?>) k).get("keyId")).toList();
    }

    private WebTestClient admin() {
        return http.mutate()
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN)
                .build();
    }
}
