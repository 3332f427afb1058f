package io.sherpa.ingest.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sherpa.common.ids.SiteId;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class SiteAdministrationTest {

    @Test
    void noChangeIsMadeBeforeTheRegistryHasReadTheTopic() {
        // made from a registry still catching up, a create would re-issue an existing site's keys
        SiteRegistry registry = new SiteRegistry();
        SiteAdministration administration = new SiteAdministration(registry, null, () -> false);

        assertThatThrownBy(() ->
                        administration.create(SiteId.of("blog"), "Blog", null).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThatThrownBy(() -> administration.addKey(SiteId.of("blog")).block(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
        assertThat(registry.find(SiteId.of("blog"))).isEmpty();
    }
}
