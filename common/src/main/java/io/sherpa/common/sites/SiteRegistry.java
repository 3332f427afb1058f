package io.sherpa.common.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every site and its API-key hashes, as read from {@code sherpa.sites.v1}. Thread-safe; updated by
 * {@link SiteRegistryReader} (and by the admin API of the replica that made a change, so a key works
 * the moment it is handed out).
 */
public class SiteRegistry {

    private final Map<SiteId, SiteChanged> sites = new ConcurrentHashMap<>();
    /** hex SHA-256 of a key → the key's owner; rebuilt for a site whenever that site changes. */
    private final Map<String, KeyOwner> keysByHash = new ConcurrentHashMap<>();

    private record KeyOwner(SiteId siteId, String keyId, byte[] hash) {}

    /**
     * Replaces what is known of a site. Readers never see it half-applied: its current keys are added
     * before its state changes and keys it no longer has are removed after, so a key the site keeps is
     * valid at every instant (a change reaches a replica twice: from its own admin call, then the topic).
     */
    public synchronized void apply(SiteChanged site) {
        Map<String, KeyOwner> current = new java.util.HashMap<>();
        for (SiteChanged.ApiKeyHash key : site.apiKeys()) {
            byte[] hash = HexFormat.of().parseHex(key.sha256());
            // looked up by the lower-case hex of a presented key's hash, whatever case the record wrote
            current.put(HexFormat.of().formatHex(hash), new KeyOwner(site.siteId(), key.keyId(), hash));
        }
        keysByHash.putAll(current);
        sites.put(site.siteId(), site);
        keysByHash
                .entrySet()
                .removeIf(e -> e.getValue().siteId().equals(site.siteId()) && !current.containsKey(e.getKey()));
    }

    /**
     * Applies the change an admin call of this replica just published, unless the record it was made from
     * ({@code base}, null for a new site) is no longer the one held: the topic's reader has applied another
     * since (this change itself, or a later one from another replica, which this one must not undo — a key
     * that replica revoked would work here again). The reader applies this change in the topic's order anyway.
     */
    public synchronized boolean applyIfUnchanged(SiteChanged base, SiteChanged change) {
        if (sites.get(change.siteId()) != base) {
            return false;
        }
        apply(change);
        return true;
    }

    public synchronized void remove(SiteId siteId) {
        sites.remove(siteId);
        keysByHash.values().removeIf(owner -> owner.siteId().equals(siteId));
    }

    public Optional<SiteChanged> find(SiteId siteId) {
        return Optional.ofNullable(sites.get(siteId));
    }

    public Collection<SiteChanged> all() {
        return List.copyOf(sites.values());
    }

    /**
     * The enabled site a presented key belongs to. The presented key is hashed and the hash compared with
     * the stored one in constant time; an unknown key, a revoked key and a disabled site are all empty.
     */
    public Optional<AuthenticatedSite> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isBlank() || presentedKey.length() > 512) {
            return Optional.empty();
        }
        byte[] presentedHash = ApiKeys.sha256(presentedKey);
        KeyOwner owner = keysByHash.get(HexFormat.of().formatHex(presentedHash));
        if (owner == null || !MessageDigest.isEqual(owner.hash(), presentedHash)) {
            return Optional.empty();
        }
        SiteChanged site = sites.get(owner.siteId());
        if (site == null || site.disabled()) {
            return Optional.empty();
        }
        return Optional.of(new AuthenticatedSite(owner.siteId(), owner.keyId()));
    }
}
