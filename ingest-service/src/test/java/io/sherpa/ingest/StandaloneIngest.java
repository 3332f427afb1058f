package io.sherpa.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * An ingest-service of its own, not the one the other tests share, for tests that take its Kafka or MongoDB away:
 * started with {@code settings}, with one site and its API key.
 */
record StandaloneIngest(ConfigurableApplicationContext app, WebTestClient http, String apiKey)
        implements AutoCloseable {

    private static final String ADMIN_TOKEN = "standalone-admin";

    static StandaloneIngest start(String siteId, String... settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--sherpa.ingest.admin-token=" + ADMIN_TOKEN));
        args.addAll(List.of(settings));
        ConfigurableApplicationContext app =
                new SpringApplicationBuilder(IngestApplication.class).run(args.toArray(String[]::new));
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        WebTestClient http = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
        String apiKey = (String) http.post()
                .uri("/api/v1/admin/sites")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", siteId, "name", siteId))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("apiKey");
        return new StandaloneIngest(app, http, apiKey);
    }

    @Override
    public void close() {
        app.close();
    }
}
