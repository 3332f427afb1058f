package io.sherpa.common.web;

import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.sites.SiteRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code /api/v1/} requests with a site's API key ({@code Authorization: Bearer}) before
 * their body is read, and puts the {@link AuthenticatedSite} on the exchange under {@link #SITE}. Paths
 * under one of the open prefixes (an unsubscribe link, say) pass without a key.
 */
public class SiteKeyFilter implements WebFilter {

    /** Exchange attribute holding the {@link AuthenticatedSite} of a site API request. */
    public static final String SITE = "sherpa.site";

    private final SiteRegistry sites;
    private final List<String> openPrefixes;

    public SiteKeyFilter(SiteRegistry sites, List<String> openPrefixes) {
        this.sites = sites;
        this.openPrefixes = List.copyOf(openPrefixes);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = RoutedPath.of(exchange.getRequest());
        if (!path.startsWith("/api/v1/") || openPrefixes.stream().anyMatch(path::startsWith)) {
            return chain.filter(exchange);
        }
        Optional<String> token = bearerToken(exchange);
        if (token.isEmpty()) {
            return Problems.write(
                    exchange.getResponse(),
                    ApiException.unauthorized("An API key is required (Authorization: Bearer <site API key>)"));
        }
        Optional<AuthenticatedSite> site = sites.authenticate(token.get());
        if (site.isEmpty()) {
            return Problems.write(
                    exchange.getResponse(),
                    ApiException.unauthorized("The API key is unknown, revoked, or its site is disabled"));
        }
        exchange.getAttributes().put(SITE, site.get());
        return chain.filter(exchange);
    }

    /** The token of an {@code Authorization: Bearer} header, if there is one. */
    public static Optional<String> bearerToken(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
