package io.sherpa.ingest.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.events.SiteChanged.ApiKeyHash;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.ApiKeys;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.sites.SiteRegistryReader;
import io.sherpa.common.topics.Topics;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.comments.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Creates sites and rotates or revokes their keys. Every change publishes the site's whole new state to
 * {@code sherpa.sites.v1} (acknowledged by Kafka) and then applies it to this replica's registry, so a
 * new key works here at once and on every other replica as soon as it reads the topic. A replica makes its
 * changes one at a time (each reads the state the last one left), and none before its registry has first
 * read the topic to its end: made from a registry still catching up, a change would undo the ones it has not
 * read yet (re-create a site with new keys, bring back a revoked key).
 */
@Service
public class SiteAdministration {

    private final SiteRegistry registry;
    private final EventPublisher publisher;
    private final BooleanSupplier registryCaughtUp;
    private final Clock clock = Clock.systemUTC();
    /** Completes when the last change asked for has finished: the next one starts from there. */
    private Mono<Void> lastChange = Mono.empty();

    @Autowired
    public SiteAdministration(
            SiteRegistry registry, EventPublisher publisher, ObjectProvider<SiteRegistryReader> reader) {
        // without a reader (sherpa.sites.reader-enabled=false) the registry is only what this replica wrote
        this(registry, publisher, () -> {
            SiteRegistryReader r = reader.getIfAvailable();
            return r == null || r.isCaughtUp();
        });
    }

    SiteAdministration(SiteRegistry registry, EventPublisher publisher, BooleanSupplier registryCaughtUp) {
        this.registry = registry;
        this.publisher = publisher;
        this.registryCaughtUp = registryCaughtUp;
    }

    /**
     * Runs a change after the ones asked for before it have finished, once the registry has read the topic.
     * Queued, not waited for on a thread; and run to its end even if its caller goes away, so the next change
     * never starts from a state that lacks one still being published.
     */
    private synchronized <T> Mono<T> change(Supplier<Mono<T>> change) {
        Sinks.Empty<Void> finished = Sinks.empty();
        Mono<T> run = lastChange
                .then(Mono.defer(() -> registryCaughtUp.getAsBoolean()
                        ? change.get()
                        : Mono.<T>error(ApiException.unavailable(
                                "The site registry is still reading sherpa.sites.v1; try again", 5))))
                .doFinally(signal -> finished.tryEmitEmpty())
                .cache();
        lastChange = finished.asMono();
        run.subscribe(done -> {}, failed -> {});
        return run;
    }

    /** A key as shown once to the administrator. */
    public record IssuedKey(String siteId, String keyId, String apiKey) {}

    public Mono<IssuedKey> create(SiteId siteId, String name, Integer rateLimitPerSecond) {
        return create(siteId, name, rateLimitPerSecond, ApiKeys.newSecret());
    }

    /** Creates a site with a given key (the local demo site); the key is still stored only as a hash. */
    public Mono<IssuedKey> create(SiteId siteId, String name, Integer rateLimitPerSecond, String secret) {
        return change(() -> {
            if (registry.find(siteId).isPresent()) {
                return Mono.error(ApiException.conflict("Site '" + siteId + "' exists already"));
            }
            ApiKeyHash key = new ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(secret), clock.instant());
            SiteChanged site = new SiteChanged(siteId, name, List.of(key), false, rateLimitPerSecond, clock.instant());
            return publish(null, site).thenReturn(new IssuedKey(siteId.value(), key.keyId(), secret));
        });
    }

    public Mono<IssuedKey> addKey(SiteId siteId) {
        return change(() -> {
            SiteChanged current = require(siteId);
            String secret = ApiKeys.newSecret();
            ApiKeyHash key = new ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(secret), clock.instant());
            List<ApiKeyHash> keys = new ArrayList<>(current.apiKeys());
            keys.add(key);
            return publish(current, withKeys(current, keys))
                    .thenReturn(new IssuedKey(siteId.value(), key.keyId(), secret));
        });
    }

    public Mono<Void> revokeKey(SiteId siteId, String keyId) {
        return change(() -> {
            SiteChanged current = require(siteId);
            List<ApiKeyHash> keys = new ArrayList<>(current.apiKeys());
            if (!keys.removeIf(k -> k.keyId().equals(keyId))) {
                return Mono.error(ApiException.notFound("Site '" + siteId + "' has no key " + keyId));
            }
            return publish(current, withKeys(current, keys));
        });
    }

    public Mono<SiteChanged> update(SiteId siteId, String name, Boolean disabled, Integer rateLimitPerSecond) {
        return change(() -> {
            SiteChanged current = require(siteId);
            SiteChanged next = new SiteChanged(
                    siteId,
                    name == null ? current.name() : name,
                    current.apiKeys(),
                    disabled == null ? current.disabled() : disabled,
                    rateLimitPerSecond == null ? current.rateLimitPerSecond() : rateLimitPerSecond,
                    clock.instant());
            return publish(current, next).thenReturn(next);
        });
    }

    public SiteChanged require(SiteId siteId) {
        return registry.find(siteId).orElseThrow(() -> ApiException.notFound("No site '" + siteId + "'"));
    }

    private SiteChanged withKeys(SiteChanged current, List<ApiKeyHash> keys) {
        return new SiteChanged(
                current.siteId(),
                current.name(),
                keys,
                current.disabled(),
                current.rateLimitPerSecond(),
                clock.instant());
    }

    /** Publishes the change made from {@code base}; applies it here at once unless the reader got ahead. */
    private Mono<Void> publish(SiteChanged base, SiteChanged site) {
        return publisher
                .publish(Topics.SITES, site.siteId().value(), site)
                .then(Mono.fromRunnable(() -> registry.applyIfUnchanged(base, site)));
    }
}
