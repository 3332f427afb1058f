package io.sherpa.common.sites;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.events.SiteChanged.ApiKeyHash;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SiteRegistryTest {

    private final SiteRegistry registry = new SiteRegistry();

    @Test
    void authenticatesAKeyByItsHashOnly() {
        String secret = ApiKeys.newSecret();
        registry.apply(aSite("blog", false, new ApiKeyHash("key_1", ApiKeys.sha256Hex(secret), Instant.now())));

        assertThat(registry.authenticate(secret)).contains(new AuthenticatedSite(SiteId.of("blog"), "key_1"));
        assertThat(registry.authenticate(secret + "x")).isEmpty();
        assertThat(registry.authenticate(ApiKeys.sha256Hex(secret))).isEmpty();
        assertThat(registry.authenticate("")).isEmpty();

        String shouted = ApiKeys.newSecret();
        registry.apply(aSite(
                "loud",
                false,
                new ApiKeyHash("key_2", ApiKeys.sha256Hex(shouted).toUpperCase(), Instant.now())));
        assertThat(registry.authenticate(shouted)).contains(new AuthenticatedSite(SiteId.of("loud"), "key_2"));
        assertThat(registry.authenticate(null)).isEmpty();
    }

    @Test
    void aRevokedKeyOrADisabledSiteIsRefused() {
        String first = ApiKeys.newSecret();
        String second = ApiKeys.newSecret();
        ApiKeyHash k1 = new ApiKeyHash("key_1", ApiKeys.sha256Hex(first), Instant.now());
        ApiKeyHash k2 = new ApiKeyHash("key_2", ApiKeys.sha256Hex(second), Instant.now());
        registry.apply(aSite("blog", false, k1, k2));
        registry.apply(aSite("blog", false, k2));
        assertThat(registry.authenticate(first)).isEmpty();
        assertThat(registry.authenticate(second)).isPresent();

        registry.apply(aSite("blog", true, k2));
        assertThat(registry.authenticate(second)).isEmpty();

        registry.remove(SiteId.of("blog"));
        assertThat(registry.find(SiteId.of("blog"))).isEmpty();
    }

    @Test
    void aKeyStaysValidWhileItsSiteIsAppliedAgain() throws Exception {
        // every change of a site reaches a replica twice (its own admin call, then the topic): a key that
        // stays must be valid at every instant in between, or that site's requests meet a stray 401
        String secret = ApiKeys.newSecret();
        SiteChanged site = aSite("blog", false, new ApiKeyHash("key_1", ApiKeys.sha256Hex(secret), Instant.now()));
        registry.apply(site);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            while (!done.get()) {
                registry.apply(site);
            }
        });
        writer.start();
        int refused = 0;
        try {
            for (int i = 0; i < 200_000; i++) {
                refused += registry.authenticate(secret).isEmpty() ? 1 : 0;
            }
        } finally {
            done.set(true);
            writer.join();
        }
        assertThat(refused)
                .as("authentications refused while the site was re-applied")
                .isZero();
    }

    @Test
    void aChangeAppliedLateNeverUndoesALaterOneTheReaderApplied() {
        String first = ApiKeys.newSecret();
        String second = ApiKeys.newSecret();
        ApiKeyHash k1 = new ApiKeyHash("key_1", ApiKeys.sha256Hex(first), Instant.now());
        ApiKeyHash k2 = new ApiKeyHash("key_2", ApiKeys.sha256Hex(second), Instant.now());
        SiteChanged base = aSite("blog", false, k1);
        registry.apply(base);
        // this replica adds key 2; before it applies its own change, the reader applies another replica's
        // later change, made from this one: key 1 revoked
        SiteChanged added = aSite("blog", false, k1, k2);
        registry.apply(aSite("blog", false, k2));

        assertThat(registry.applyIfUnchanged(base, added)).isFalse();
        assertThat(registry.authenticate(first)).as("the revoked key").isEmpty();
        assertThat(registry.authenticate(second)).isPresent();

        SiteChanged held = registry.find(SiteId.of("blog")).orElseThrow();
        SiteChanged renamed = new SiteChanged(SiteId.of("blog"), "Renamed", held.apiKeys(), false, null, Instant.now());
        assertThat(registry.applyIfUnchanged(held, renamed)).isTrue();
        assertThat(registry.find(SiteId.of("blog"))).contains(renamed);
        assertThat(registry.applyIfUnchanged(null, aSite("new-blog", false, k1)))
                .isTrue();
    }

    @Test
    void keysAreRandomAndCompareInConstantTime() {
        assertThat(ApiKeys.newSecret()).startsWith("sk_").hasSizeGreaterThan(40).isNotEqualTo(ApiKeys.newSecret());
        assertThat(ApiKeys.constantTimeEquals("token", "token")).isTrue();
        assertThat(ApiKeys.constantTimeEquals("token", "token2")).isFalse();
        assertThat(ApiKeys.constantTimeEquals(null, "token")).isFalse();
    }

    private static SiteChanged aSite(String id, boolean disabled, ApiKeyHash... keys) {
        return new SiteChanged(SiteId.of(id), "Blog", List.of(keys), disabled, null, Instant.now());
    }
}
