package io.sherpa.common.sites;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** UP once the site registry has read {@code sherpa.sites.v1} to its end: before that, valid keys could be refused. */
public class SiteRegistryHealth implements HealthIndicator {

    private final SiteRegistryReader reader;
    private final SiteRegistry registry;

    public SiteRegistryHealth(SiteRegistryReader reader, SiteRegistry registry) {
        this.reader = reader;
        this.registry = registry;
    }

    @Override
    public Health health() {
        Health.Builder health = reader.isCaughtUp() ? Health.up() : Health.down();
        return health.withDetail("sites", registry.all().size()).build();
    }
}
