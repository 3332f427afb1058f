package io.sherpa.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.test.SherpaInfrastructure;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/**
 * An SMTP server that takes the connection and never says a word: with the service's default mail timeouts the
 * attempt fails and is retried later, instead of holding the delivery worker (and every webhook behind it)
 * for good.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sherpa.notification.database=sherpa_notification_hung_smtp"})
@AutoConfigureWebTestClient
@DirtiesContext
class HungSmtpTests {

    static final ServerSocket SILENT_SMTP;

    static {
        try { // listening, never accepting: the handshake completes in the backlog, the greeting never comes
            SILENT_SMTP = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void closeSmtp() throws IOException {
        SILENT_SMTP.close();
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SILENT_SMTP::getLocalPort);
    }

    @Autowired
    WebTestClient http;

    @Autowired
    MongoClient mongo;

    @Autowired
    NotificationProperties settings;

    @Test
    void anSmtpServerThatNeverAnswersIsAFailedAttemptRetriedLater() {
        String site = "hung-" + UUID.randomUUID().toString().substring(0, 6);
        MailFixtures.siteWithEmailUser(http, site, "amber", "amber@blog.example");
        MailFixtures.approve(site, "h1", "post-1", "amber", "Bob", "What a thoughtful post");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Document delivery = Mono.from(mongo.getDatabase(settings.database())
                            .getCollection("outbox")
                            .find(Filters.and(Filters.eq("siteId", site), Filters.eq("channel", "email")))
                            .first())
                    .block(Duration.ofSeconds(5));
            assertThat(delivery).isNotNull();
            assertThat(delivery.getInteger("attempts")).isGreaterThanOrEqualTo(1);
            assertThat(delivery.getString("lastError")).containsIgnoringCase("timeout");
        });
    }
}
