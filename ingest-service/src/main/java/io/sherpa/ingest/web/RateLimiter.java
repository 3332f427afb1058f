package io.sherpa.ingest.web;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.IngestProperties;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * Per-site token buckets: each site gets its own rate ({@link SiteChanged#rateLimitPerSecond()}, else the
 * configured default) and a burst of {@code burstSeconds} of it. Each replica limits on its own, so with
 * N replicas behind a balancer a site gets up to N times its rate.
 */
@Component
public class RateLimiter {

    private final SiteRegistry sites;
    private final IngestProperties.RateLimit settings;
    private final LongSupplier clock;
    private final Map<SiteId, TokenBucket> buckets = new ConcurrentHashMap<>();

    @org.springframework.beans.factory.annotation.Autowired
    public RateLimiter(SiteRegistry sites, IngestProperties settings) {
        this(sites, settings.rateLimit(), System::nanoTime);
    }

    RateLimiter(SiteRegistry sites, IngestProperties.RateLimit settings, LongSupplier clock) {
        this.sites = sites;
        this.settings = settings;
        this.clock = clock;
    }

    /** Takes {@code comments} tokens from the site's bucket, or throws {@code 429} with how long to wait. */
    public void acquire(SiteId site, int comments) {
        long now = clock.getAsLong();
        int rate = sites.find(site)
                .map(SiteChanged::rateLimitPerSecond)
                .filter(r -> r != null && r > 0)
                .orElse(settings.defaultPerSecond());
        TokenBucket bucket = buckets.compute(
                site,
                (id, existing) -> existing != null && existing.ratePerSecond() == rate
                        ? existing
                        : new TokenBucket(rate, Math.max(1.0, (double) rate * settings.burstSeconds()), now));
        long waitNanos = bucket.tryTake(comments, now);
        if (waitNanos > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
            throw ApiException.rateLimited(seconds);
        }
    }
}
