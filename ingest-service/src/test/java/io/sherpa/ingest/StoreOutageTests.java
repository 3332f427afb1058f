package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.sherpa.common.test.SherpaInfrastructure;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The store goes away under a running ingest-service (a MongoDB-wire server of its own, shut down mid-test):
 * reading a comment's status and erasing an author answer {@code 503} with {@code Retry-After} and a problem
 * document within the storage timeout, never a {@code 500} or a hang.
 */
class StoreOutageTests {

    static MongoServer mongo;
    static StandaloneIngest ingest;
    static WebTestClient http;
    static String apiKey;

    @BeforeAll
    static void start() {
        mongo = new MongoServer(new MemoryBackend());
        mongo.bind("127.0.0.1", 0);
        InetSocketAddress address = mongo.getLocalAddress();
        ingest = StandaloneIngest.start(
                "store-outage",
                "--spring.kafka.bootstrap-servers=" + SherpaInfrastructure.kafkaBootstrap(),
                "--spring.mongodb.uri=mongodb://127.0.0.1:" + address.getPort() + "/?serverSelectionTimeoutMS=2000",
                "--sherpa.ingest.database=sherpa_ingest_store_outage",
                "--sherpa.ingest.storage-timeout=2s");
        http = ingest.http();
        apiKey = ingest.apiKey();
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
        if (mongo != null) {
            mongo.shutdownNow();
        }
    }

    @Test
    void withTheStoreDownStatusReadsAndErasuresAnswer503WithRetryAfter() {
        String id = (String) http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("before-the-outage"))
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("id");

        mongo.shutdownNow();

        http.get()
                .uri("/api/v1/comments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.delete()
                .uri("/api/v1/authors/{author}", "reader-before-the-outage")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + apiKey)
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .exists(HttpHeaders.RETRY_AFTER)
                .expectBody()
                .jsonPath("$.detail")
                .value(d ->
                        org.assertj.core.api.Assertions.assertThat((String) d).contains("send it again"));
    }
}
