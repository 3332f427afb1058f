package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.test.KafkaProcess;
import io.sherpa.common.test.SherpaInfrastructure;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * The broker is killed ({@code kill -9}): intake answers {@code 503} with {@code Retry-After} in bounded time (not a 500,
 * not a hang) and stores nothing that claims the comment was accepted; when the broker is back, intake
 * accepts again without a restart of the service.
 */
class BrokerOutageTests {

    static KafkaProcess broker;
    static StandaloneIngest ingest;
    static WebTestClient http;
    static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        broker = new KafkaProcess(Path.of("target", "kafka-outage-" + System.nanoTime()));
        broker.start();
        ingest = StandaloneIngest.start(
                "outage",
                "--spring.kafka.bootstrap-servers=" + broker.bootstrap(),
                "--spring.mongodb.uri=" + SherpaInfrastructure.mongoUri(),
                "--sherpa.ingest.database=sherpa_ingest_outage",
                "--sherpa.ingest.kafka-timeout=5s",
                "--spring.kafka.producer.properties.reconnect.backoff.max.ms=500");
        http = ingest.http();
        apiKey = ingest.apiKey();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (ingest != null) {
            ingest.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void answers503WhileTheBrokerIsGoneAndAcceptsAgainWhenItIsBack() throws Exception {
        post("before").expectStatus().isAccepted();

        broker.kill();

        post("during")
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(d -> assertThat((String) d).contains("Kafka"));
        // a batch: the first items wait for Kafka, the rest are not tried once one of them found it gone
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            batch.add(aComment("during-batch-" + i));
        }
        Map<?, ?> answer = http.post()
                .uri("/api/v1/comments:batch")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("comments", batch))
                .exchange()
                .expectStatus()
                .isEqualTo(207)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        List<?> results = (List<?>) answer.get("results");
        assertThat(answer.get("accepted")).isEqualTo(0);
        assertThat(results)
                .hasSize(100)
                .allSatisfy(r -> assertThat(((Map<?, ?>) r).get("status")).isEqualTo(503));
        assertThat(results)
                .as("items answered without waiting for Kafka")
                .filteredOn(r -> String.valueOf(((Map<?, ?>) r).get("problem")).contains("Not tried"))
                .isNotEmpty();
        String duringId = CommentId.derive(SiteId.of("outage"), "during").asString();
        assertThat(storedCount(duringId))
                .as("nothing stored claims the comment was accepted")
                .isZero();

        broker.start();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> post("during").expectStatus().isAccepted());
        assertThat(storedCount(duringId)).isEqualTo(1);
    }

    private static WebTestClient.ResponseSpec post(String externalId) {
        return http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment(externalId))
                .exchange();
    }

    private static long storedCount(String id) {
        MongoClient mongo = ingest.app().getBean(MongoClient.class);
        return Mono.from(mongo.getDatabase("sherpa_ingest_outage")
                        .getCollection("comments")
                        .countDocuments(Filters.eq("_id", id)))
                .block(Duration.ofSeconds(5));
    }
}
