package io.sherpa.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real Prometheus ({@code /usr/bin/prometheus}) scraping the three services every two seconds with Sherpa's rules. */
final class PrometheusServer {

    static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final int port;
    private final Process process;

    PrometheusServer(Path root, Path dir, Map<String, Integer> servicePorts) throws IOException {
        Files.createDirectories(dir);
        StringBuilder config = new StringBuilder("""
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 2s
                rule_files:
                  - %s
                  - %s
                scrape_configs:
                """.formatted(
                        root.resolve("deploy/prometheus/rules/sherpa-recording.yml"),
                        root.resolve("deploy/prometheus/rules/sherpa-alerts.yml")));
        servicePorts.forEach((job, port) -> config.append("""
                  - job_name: %s
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(job, port)));
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, config);
        this.port = LocalStack.freePort();
        this.process = new ProcessBuilder(
                        BINARY.toString(),
                        "--config.file=" + file,
                        "--storage.tsdb.path=" + dir.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
    }

    /** The result of an instant PromQL query through the HTTP API: {@code data.result}. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (!"success".equals(body.path("status").asString())) {
            throw new IllegalStateException(promql + ": " + response.body());
        }
        return body.path("data").path("result");
    }

    /** A query's samples as label value of {@code by} → sample value. */
    Map<String, Double> byLabel(String promql, String by) throws IOException, InterruptedException {
        Map<String, Double> values = new LinkedHashMap<>();
        for (JsonNode sample : query(promql)) {
            values.put(
                    sample.path("metric").path(by).asString(),
                    Double.parseDouble(sample.path("value").get(1).asString()));
        }
        return values;
    }

    boolean alive() {
        return process.isAlive();
    }

    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
