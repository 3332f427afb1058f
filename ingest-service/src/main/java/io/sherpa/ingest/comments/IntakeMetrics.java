package io.sherpa.ingest.comments;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.web.ApiException;

/**
 * {@code sherpa_ingest_comments_total{site,outcome}}: every comment that reached validation, by outcome
 * ({@code accepted}, {@code replayed}, {@code invalid}, {@code conflict}, {@code unavailable},
 * {@code rate_limited}, {@code error}).
 */
public final class IntakeMetrics {

    private final MeterRegistry meters;

    public IntakeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(SiteId site, IntakeResult result) {
        increment(site, result instanceof IntakeResult.Accepted ? "accepted" : "replayed", 1);
    }

    void countFailure(SiteId site, Throwable error) {
        increment(site, outcomeOf(error), 1);
    }

    public void increment(SiteId site, String outcome, int n) {
        Counter.builder("sherpa.ingest.comments")
                .description("Comments handed to ingest-service, by site and outcome")
                .tag("site", site.value())
                .tag("outcome", outcome)
                .register(meters)
                .increment(n);
    }

    static String outcomeOf(Throwable error) {
        if (error instanceof ApiException api) {
            return switch (api.status()) {
                case BAD_REQUEST -> "invalid";
                case CONFLICT -> "conflict";
                case SERVICE_UNAVAILABLE -> "unavailable";
                case TOO_MANY_REQUESTS -> "rate_limited";
                default -> "error";
            };
        }
        return "error";
    }
}
