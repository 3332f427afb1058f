package io.sherpa.ingest.comments;

import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bounds a request's store operation: a store that is down, or takes connections but does not answer, is a
 * {@code 503} with {@code Retry-After} within the storage timeout, never a {@code 500} or a request left hanging.
 */
@Component
public class StorageCalls {

    private static final Logger log = LoggerFactory.getLogger(StorageCalls.class);

    private final Duration timeout;
    private final long retryAfterSeconds;

    public StorageCalls(IngestProperties settings) {
        this.timeout = settings.storageTimeout();
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
    }

    /** {@code operation}, failing with a {@code 503} that says {@code unavailable} when the store does. */
    public <T> Mono<T> bounded(Mono<T> operation, String unavailable) {
        return operation.timeout(timeout).onErrorMap(e -> !(e instanceof ApiException), e -> {
            log.warn("MongoDB unavailable: {} ({})", unavailable, e.toString());
            return ApiException.unavailable(unavailable, retryAfterSeconds);
        });
    }
}
