package io.sherpa.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of ingest-service ({@code sherpa.ingest.*}).
 *
 * @param database the MongoDB database this service owns
 * @param adminToken the bearer token of the admin API ({@code SHERPA_ADMIN_TOKEN}); without it the admin API answers 401
 * @param maxBodySize largest body of a single-comment request ({@code 413} above)
 * @param maxBatchBodySize largest body of a batch request
 * @param maxTextLength most characters (code points) in a comment's text
 * @param maxBatchSize most comments in one batch request
 * @param kafkaTimeout longest wait for Kafka to acknowledge a comment before answering {@code 503}
 * @param storageTimeout longest wait for one MongoDB operation of the intake before answering {@code 503}: a store
 *     that accepts connections but does not answer must not hold requests (the driver's reads have no timeout)
 * @param retryAfter what {@code Retry-After} says when Kafka or MongoDB is unavailable
 * @param maxInFlight most requests with comments taken in at once (a single comment or a batch each, over every
 *     site); beyond it {@code 503}
 *     at once, so that a wave larger than the stack can decide is refused quickly rather than queued without bound
 * @param overloadRetryAfter what {@code Retry-After} says when {@code maxInFlight} is reached
 * @param rateLimit the per-site token bucket
 * @param demoSite a site created at start-up when its API key is given (local runs)
 */
@ConfigurationProperties("sherpa.ingest")
public record IngestProperties(
        @DefaultValue("sherpa_ingest") String database,
        String adminToken,
        @DefaultValue("64KB") DataSize maxBodySize,
        @DefaultValue("8MB") DataSize maxBatchBodySize,
        @DefaultValue("10000") int maxTextLength,
        @DefaultValue("500") int maxBatchSize,
        @DefaultValue("5s") Duration kafkaTimeout,
        @DefaultValue("3s") Duration storageTimeout,
        @DefaultValue("5s") Duration retryAfter,
        @DefaultValue("200") int maxInFlight,
        @DefaultValue("1s") Duration overloadRetryAfter,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue DemoSite demoSite) {

    /**
     * @param defaultPerSecond sustained comments per second of a site that sets no rate of its own
     * @param burstSeconds how many seconds of the rate a site may send at once
     */
    public record RateLimit(
            @DefaultValue("50") int defaultPerSecond,
            @DefaultValue("2") int burstSeconds) {}

    /**
     * @param siteId id of the demo site
     * @param apiKey its API key ({@code SHERPA_DEMO_API_KEY}); no demo site without one
     * @param rateLimitPerSecond its rate, high enough for the load generator
     */
    public record DemoSite(
            @DefaultValue("demo") String siteId,
            String apiKey,
            @DefaultValue("20000") int rateLimitPerSecond) {}
}
