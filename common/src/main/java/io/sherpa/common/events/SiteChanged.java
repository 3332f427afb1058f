package io.sherpa.common.events;

import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The whole current state of one site, published to the compacted {@code sherpa.sites.v1} topic keyed
 * by {@code siteId}: the latest record per key is the site. API keys travel only as SHA-256 hashes.
 *
 * @param rateLimitPerSecond the site's sustained comment rate, or null for the configured default
 */
public record SiteChanged(
        SiteId siteId,
        String name,
        List<ApiKeyHash> apiKeys,
        boolean disabled,
        Integer rateLimitPerSecond,
        Instant changedAt) {

    public SiteChanged {
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(name, "name");
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        Objects.requireNonNull(changedAt, "changedAt");
    }

    /** One API key of a site: its public id and the hex SHA-256 of the secret key. */
    public record ApiKeyHash(String keyId, String sha256, Instant createdAt) {
        public ApiKeyHash {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(sha256, "sha256");
            if (!HEX_SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("sha256 must be 64 hexadecimal digits");
            }
        }

        private static final java.util.regex.Pattern HEX_SHA256 = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");
    }
}
