package io.sherpa.notification.inbox;

import java.time.Duration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Whether notification-service's MongoDB answers a query within 2 s, as in the other services: without the
 * store no decision can be applied and no inbox read, so {@code /actuator/health} and readiness say DOWN
 * (Spring's MongoDB indicator needs the {@code hello} command, which the embedded store of local runs lacks).
 */
@Component("storage")
class StorageHealth implements ReactiveHealthIndicator {

    private final NotificationStore store;

    StorageHealth(NotificationStore store) {
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
