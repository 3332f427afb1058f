package io.sherpa.ingest.sites;

import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * For local runs: when {@code sherpa.ingest.demo-site.api-key} is set ({@code SHERPA_DEMO_API_KEY}),
 * makes sure the demo site exists with that key (hashed) and a rate high enough for the load generator.
 */
@Component
public class DemoSiteBootstrap {

    private static final Logger log = LoggerFactory.getLogger(DemoSiteBootstrap.class);

    private final IngestProperties.DemoSite demo;
    private final SiteRegistry registry;
    private final SiteAdministration administration;

    public DemoSiteBootstrap(IngestProperties settings, SiteRegistry registry, SiteAdministration administration) {
        this.demo = settings.demoSite();
        this.registry = registry;
        this.administration = administration;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void ensureDemoSite() {
        if (demo.apiKey() == null || demo.apiKey().isBlank()) {
            return;
        }
        SiteId siteId = SiteId.of(demo.siteId());
        try {
            Mono.defer(() -> administration.create(siteId, "Demo", demo.rateLimitPerSecond(), demo.apiKey()))
                    // the registry may still be reading the topic (a slow broker at start-up): wait for it
                    .retryWhen(Retry.fixedDelay(30, Duration.ofSeconds(2))
                            .filter(e ->
                                    e instanceof ApiException api && api.status() == HttpStatus.SERVICE_UNAVAILABLE))
                    .block(Duration.ofSeconds(90));
            log.info("Created site '{}' with the configured demo API key", siteId);
        } catch (ApiException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                log.error("Could not create the demo site '{}': {}", siteId, e.getMessage());
            } else if (registry.authenticate(demo.apiKey()).isEmpty()) {
                log.warn("Site '{}' exists with other keys; the configured demo key was not added", siteId);
            }
        } catch (RuntimeException e) {
            log.error("Could not create the demo site '{}': {}", siteId, e.getMessage());
        }
    }
}
