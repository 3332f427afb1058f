package io.sherpa.moderation.learning;

import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.moderation.scoring.model.Models;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The models every comment is scored with: a site's own once it has trained them, the starter models
 * until then. Every replica polls the {@code models} collection's versions and loads a newer version when
 * one appears, so a model trained by any replica is used by all within one refresh interval. Scoring only
 * reads a map; loading happens on the refresher's thread.
 */
@Component
public class ModelRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final ModelStore store;
    private volatile boolean indexed;
    private volatile boolean indexing;
    private final Map<String, ModelStore.SiteModels> loaded = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-refresh");
        t.setDaemon(true);
        return t;
    });

    public ModelRegistry(
            ModelStore store, MeterRegistry meters, @Value("${sherpa.moderation.model-refresh:2s}") Duration refresh) {
        this.store = store;
        Models.starter(); // train the starter models now, not on the first comment
        meters.gauge("sherpa.moderation.models.sites", loaded, Map::size);
        // the sites' own models before the first comment is scored, not the starter models for a while
        refreshQuietly();
        refresher.scheduleWithFixedDelay(
                this::refreshAndIndexQuietly, refresh.toMillis(), refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Models forSite(String siteId) {
        ModelStore.SiteModels site = loaded.get(siteId);
        return site == null ? Models.starter() : site.models();
    }

    public java.util.Optional<ModelStore.SiteModels> siteModels(String siteId) {
        return java.util.Optional.ofNullable(loaded.get(siteId));
    }

    /** Loads every version newer than the one in memory. */
    public synchronized void refresh() {
        for (Map.Entry<String, Long> stored : store.versions().entrySet()) {
            ModelStore.SiteModels current = loaded.get(stored.getKey());
            if (current == null || current.version() < stored.getValue()) {
                try {
                    store.load(stored.getKey()).ifPresent(site -> {
                        loaded.put(site.siteId(), site);
                        log.info("Loaded models {} of site {}", site.models().version(), site.siteId());
                    });
                } catch (RuntimeException e) { // one unreadable document must not keep every later site stale
                    log.warn("Could not load the models of site {}: {}", stored.getKey(), e.toString());
                }
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Could not refresh models (keeping the ones loaded): {}", e.toString());
        }
    }

    /**
     * The indexes are asked for without waiting: building one on a large collection (the first start after an
     * upgrade) must not hold the refresh, or every site would score with stale models meanwhile.
     */
    private void refreshAndIndexQuietly() {
        if (!indexed && !indexing) {
            indexing = true;
            store.ensureIndexes()
                    .doFinally(signal -> indexing = false)
                    .subscribe(
                            done -> {},
                            e -> log.warn("Could not create the training indexes yet: {}", e.toString()),
                            () -> indexed = true);
        }
        refreshQuietly();
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
