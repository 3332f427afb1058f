package io.sherpa.ingest.web;

import io.sherpa.common.sites.ApiKeys;
import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.Problems;
import io.sherpa.common.web.RoutedPath;
import io.sherpa.common.web.SiteKeyFilter;
import io.sherpa.ingest.IngestProperties;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates every {@code /api/v1/} request before its body is read: the admin API with the admin
 * token, everything else with a site's API key. The authenticated site is put on the exchange under
 * {@link #SITE}; controllers never see a request without one.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class ApiAuthenticationFilter implements WebFilter {

    /** Exchange attribute holding the {@link AuthenticatedSite} of a site API request. */
    public static final String SITE = "sherpa.site";

    private final SiteRegistry sites;
    private final String adminToken;

    public ApiAuthenticationFilter(SiteRegistry sites, IngestProperties settings) {
        this.sites = sites;
        this.adminToken =
                settings.adminToken() == null || settings.adminToken().isBlank() ? null : settings.adminToken();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = RoutedPath.of(exchange.getRequest());
        if (!path.startsWith("/api/v1/")) {
            return chain.filter(exchange);
        }
        Optional<String> token = bearerToken(exchange);
        if (path.startsWith("/api/v1/admin/") || path.equals("/api/v1/admin")) {
            if (adminToken == null) {
                return reject(exchange, "The admin API is disabled: no admin token is configured (SHERPA_ADMIN_TOKEN)");
            }
            if (token.isEmpty() || !ApiKeys.constantTimeEquals(adminToken, token.get())) {
                return reject(exchange, "A valid admin token is required (Authorization: Bearer <admin token>)");
            }
            return chain.filter(exchange);
        }
        if (token.isEmpty()) {
            return reject(exchange, "An API key is required (Authorization: Bearer <site API key>)");
        }
        Optional<AuthenticatedSite> site = sites.authenticate(token.get());
        if (site.isEmpty()) {
            return reject(exchange, "The API key is unknown, revoked, or its site is disabled");
        }
        exchange.getAttributes().put(SITE, site.get());
        return chain.filter(exchange);
    }

    private static Optional<String> bearerToken(ServerWebExchange exchange) {
        return SiteKeyFilter.bearerToken(exchange);
    }

    private static Mono<Void> reject(ServerWebExchange exchange, String detail) {
        return Problems.write(exchange.getResponse(), ApiException.unauthorized(detail));
    }
}
