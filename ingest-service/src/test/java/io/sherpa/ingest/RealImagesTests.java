package io.sherpa.ingest;

import static io.sherpa.ingest.IngestFixtures.aComment;

import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.test.TopicProbe;
import io.sherpa.common.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mongodb.MongoDBContainer;

/** The happy path against real {@code apache/kafka} and {@code mongo} images; skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sherpa.ingest.admin-token=tc-admin")
@AutoConfigureWebTestClient
class RealImagesTests {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0.15");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
        registry.add("spring.mongodb.uri", MONGO::getReplicaSetUrl);
    }

    @Autowired
    WebTestClient http;

    @Test
    void acceptsACommentAndPublishesIt() {
        String key = (String) http.post()
                .uri("/api/v1/admin/sites")
                .header(HttpHeaders.AUTHORIZATION, "Bearer tc-admin")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("siteId", "real", "name", "Real"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("apiKey");
        http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("r1"))
                .exchange()
                .expectStatus()
                .isAccepted();
        http.post()
                .uri("/api/v1/comments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(aComment("r1"))
                .exchange()
                .expectStatus()
                .isOk();
        String id = CommentId.derive(SiteId.of("real"), "r1").asString();
        TopicProbe.await(
                KAFKA.getBootstrapServers(),
                Topics.COMMENTS_SUBMITTED.name(),
                Duration.ofSeconds(30),
                r -> r.value().contains(id));
    }
}
