package io.sherpa.notification.web;

import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.SiteKeyFilter;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** Site APIs take the site's key; the unsubscribe link works without one (its token is the credential). */
@Configuration
class WebConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SiteKeyFilter siteKeyFilter(SiteRegistry sites) {
        return new SiteKeyFilter(sites, List.of("/api/v1/unsubscribe"));
    }
}
