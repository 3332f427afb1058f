package io.sherpa.notification;

import static org.awaitility.Awaitility.await;

import io.sherpa.common.test.TestSites;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Sites for notification-service's tests. */
final class Sites {

    private Sites() {}

    /** Publishes a new site with one API key and waits until the service behind {@code http} accepts the key. */
    static String withKey(WebTestClient http, String site) {
        String key = TestSites.publish(site);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> http.get()
                        .uri("/api/v1/mentors")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                        .exchange()
                        .expectStatus()
                        .isOk());
        return key;
    }
}
