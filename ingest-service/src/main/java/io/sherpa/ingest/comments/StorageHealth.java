package io.sherpa.ingest.comments;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether ingest's MongoDB answers a query within 2 s. Replaces Spring's MongoDB indicator, which relies on
 * the {@code hello} command that the embedded store of local runs does not have; part of readiness.
 */
@Component("storage")
class StorageHealth implements ReactiveHealthIndicator {

    private final CommentStore store;

    StorageHealth(CommentStore store) {
        this.store = store;
    }

    @Override
    public Mono<Health> health() {
        return store.ping(Duration.ofSeconds(2))
                .thenReturn(Health.up().build())
                .onErrorResume(e -> Mono.just(
                        Health.down().withDetail("error", e.toString()).build()));
    }
}
