package io.sherpa.ingest.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.events.SiteChanged.ApiKeyHash;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.ApiKeys;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.topics.Topics;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.comments.EventPublisher;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Creates sites and rotates or revokes their keys. Every change publishes the site's whole new state to
 * {@code sherpa.sites.v1} (acknowledged by Kafka) and then applies it to this replica's registry, so a
 * new key works here at once and on every other replica as soon as it reads the topic.
 */
@Service
public class SiteAdministration {

    private final SiteRegistry registry;
    private final EventPublisher publisher;
    private final Clock clock = Clock.systemUTC();

    public SiteAdministration(SiteRegistry registry, EventPublisher publisher) {
        this.registry = registry;
        this.publisher = publisher;
    }

    /** A key as shown once to the administrator. */
    public record IssuedKey(String siteId, String keyId, String apiKey) {}

    public Mono<IssuedKey> create(SiteId siteId, String name, Integer rateLimitPerSecond) {
        return create(siteId, name, rateLimitPerSecond, ApiKeys.newSecret());
    }

    /** Creates a site with a given key (the local demo site); the key is still stored only as a hash. */
    public Mono<IssuedKey> create(SiteId siteId, String name, Integer rateLimitPerSecond, String secret) {
        if (registry.find(siteId).isPresent()) {
            return Mono.error(ApiException.conflict("Site '" + siteId + "' exists already"));
        }
        ApiKeyHash key = new ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(secret), clock.instant());
        SiteChanged site = new SiteChanged(siteId, name, List.of(key), false, rateLimitPerSecond, clock.instant());
        return publish(site).thenReturn(new IssuedKey(siteId.value(), key.keyId(), secret));
    }

    public Mono<IssuedKey> addKey(SiteId siteId) {
        SiteChanged current = require(siteId);
        String secret = ApiKeys.newSecret();
        ApiKeyHash key = new ApiKeyHash(ApiKeys.newKeyId(), ApiKeys.sha256Hex(secret), clock.instant());
        List<ApiKeyHash> keys = new ArrayList<>(current.apiKeys());
        keys.add(key);
        return publish(withKeys(current, keys)).thenReturn(new IssuedKey(siteId.value(), key.keyId(), secret));
    }

    public Mono<Void> revokeKey(SiteId siteId, String keyId) {
        SiteChanged current = require(siteId);
        List<ApiKeyHash> keys = new ArrayList<>(current.apiKeys());
        if (!keys.removeIf(k -> k.keyId().equals(keyId))) {
            return Mono.error(ApiException.notFound("Site '" + siteId + "' has no key " + keyId));
        }
        return publish(withKeys(current, keys));
    }

    public Mono<SiteChanged> update(SiteId siteId, String name, Boolean disabled, Integer rateLimitPerSecond) {
        SiteChanged current = require(siteId);
        SiteChanged next = new SiteChanged(
                siteId,
                name == null ? current.name() : name,
                current.apiKeys(),
                disabled == null ? current.disabled() : disabled,
                rateLimitPerSecond == null ? current.rateLimitPerSecond() : rateLimitPerSecond,
                clock.instant());
        return publish(next).thenReturn(next);
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

    private Mono<Void> publish(SiteChanged site) {
        return publisher
                .publish(Topics.SITES, site.siteId().value(), site)
                .then(Mono.fromRunnable(() -> registry.apply(site)));
    }
}
