package io.sherpa.ingest.comments;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.common.web.ApiException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests carrying comments ingest-service takes in at once (a single comment or a batch each).
 * Beyond {@code sherpa.ingest.max-in-flight} it answers {@code 503} with {@code Retry-After} straight away
 * instead of queueing intakes without bound: under a wave of several times what the stack can decide, the
 * queued work held memory (ingest-service reached 553 MB resident at 1,000 comments/s without the bound, 356 MB
 * with it; see docs/benchmarks.md) and every accepted comment waited behind it. Requests rather than comments
 * are counted so that a few clients using the batch API as documented (up to 500 comments a request) are never
 * refused: what bounds a batch is its own size limit.
 */
final class IntakeAdmission {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int max;
    private final long retryAfterSeconds;

    IntakeAdmission(int max, long retryAfterSeconds, MeterRegistry meters) {
        this.max = Math.max(1, max);
        this.retryAfterSeconds = retryAfterSeconds;
        Gauge.builder("sherpa.ingest.in.flight", inFlight, AtomicInteger::get)
                .description("Requests with comments being taken in right now (bounded by sherpa.ingest.max-in-flight)")
                .register(meters);
    }

    /** Lets one request in, or throws the {@code 503} that says to come back shortly. */
    void admit() {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            throw ApiException.unavailable(
                    "Sherpa is taking in more comments than it can keep up with; nothing was accepted, "
                            + "send again after Retry-After",
                    retryAfterSeconds);
        }
    }

    void release() {
        inFlight.decrementAndGet();
    }
}
