package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.SherpaInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A wave larger than {@code sherpa.ingest.max-in-flight}: what does not fit is refused at once with {@code 503},
 * {@code Retry-After} and a problem document, everything accepted is accepted as usual, and the bound is given
 * back after every request (single or batch, accepted or refused), so intake is open again once the wave passes.
 * A batch counts as one request.
 */
class OverloadTests {

    static ConfigurableApplicationContext app;
    static String base;
    static String apiKey;
    static final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        app = new SpringApplicationBuilder(IngestApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.kafka.bootstrap-servers=" + SherpaInfrastructure.kafkaBootstrap(),
                        "--spring.mongodb.uri=" + SherpaInfrastructure.mongoUri(),
                        "--sherpa.ingest.database=sherpa_ingest_overload",
                        "--sherpa.ingest.admin-token=overload-admin",
                        "--sherpa.ingest.max-in-flight=4",
                        "--sherpa.ingest.rate-limit.default-per-second=100000");
        base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) app).getWebServer().getPort();
        HttpResponse<String> created = send(
                "/api/v1/admin/sites",
                "overload-admin",
                EventJson.write(Map.of("siteId", "wave-" + System.nanoTime(), "name", "Wave")));
        assertThat(created.statusCode()).isEqualTo(201);
        apiKey =
                (String) EventJson.mapper().readValue(created.body(), Map.class).get("apiKey");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aWaveBeyondTheBoundIsRefusedAtOnceAndIntakeOpensAgainAfterIt() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> wave = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            wave.add(sendAsync("/api/v1/comments", EventJson.write(aComment("w" + i))));
        }
        wave.add(sendAsync(
                "/api/v1/comments:batch",
                EventJson.write(Map.of("comments", List.of(aComment("wb1"), aComment("wb2"), aComment("wb3"))))));
        int accepted = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> answer : wave) {
            HttpResponse<String> response = answer.get();
            int status = response.statusCode();
            assertThat(status).as(response.body()).isIn(202, 207, 503);
            if (status == 503) {
                refused++;
                assertThat(response.headers().firstValue("Retry-After")).contains("1");
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(response.body()).contains("more comments than it can keep up with");
            } else {
                accepted++;
            }
        }
        assertThat(refused)
                .as("refused of 61 sent at once, at most 4 in flight")
                .isPositive();
        assertThat(accepted).isPositive();

        // the bound was given back by every request: one after the other, everything is accepted again
        for (int i = 0; i < 10; i++) {
            assertThat(send("/api/v1/comments", apiKey, EventJson.write(aComment("after-" + i)))
                            .statusCode())
                    .isEqualTo(202);
        }
        HttpResponse<String> batch = send(
                "/api/v1/comments:batch",
                apiKey,
                EventJson.write(Map.of(
                        "comments",
                        List.of(
                                aComment("b1"),
                                aComment("b2"),
                                aComment("b3"),
                                aComment("b4"),
                                aComment("b5"),
                                aComment("b6")))));
        assertThat(batch.statusCode())
                .as("six comments in one request, over a bound of four requests")
                .isEqualTo(207);
        assertThat(batch.body()).contains("\"accepted\":6");
        // a request gives its place back as its answer completes, so the last one may still hold it for a moment
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                send("/actuator/prometheus", null, null).body())
                        .contains("sherpa_ingest_in_flight{application=\"ingest-service\"} 0.0"));
        assertThat(send("/actuator/prometheus", null, null).body())
                .containsPattern("sherpa_ingest_comments_total\\{[^}]*outcome=\"overloaded\"");
    }

    private static CompletableFuture<HttpResponse<String>> sendAsync(String path, String body) {
        return client.sendAsync(request(path, apiKey, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(String path, String token, String body) throws Exception {
        return client.send(request(path, token, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String path, String token, String body) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return builder.GET().build();
        }
        return builder.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
