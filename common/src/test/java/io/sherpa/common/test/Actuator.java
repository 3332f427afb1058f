package io.sherpa.common.test;

import org.springframework.test.web.reactive.server.WebTestClient;

/** What operators see of a running service, for assertions. */
public final class Actuator {

    private Actuator() {}

    /** The Prometheus scrape ({@code /actuator/prometheus}), which outgrows the client's default 256 KiB buffer. */
    public static String prometheus(WebTestClient http) {
        return http.mutate()
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }
}
