package io.sherpa.moderation.web;

import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Site APIs ({@code /api/v1/policy}, {@code /api/v1/training}) take a site's API key
 * ({@code Authorization: Bearer}); moderator APIs ({@code /api/v1/comments/{id}/decision}, the queue, the
 * audit log, the overview, moderator accounts) take a moderator's credentials (HTTP Basic, bcrypt-checked)
 * or the dashboard's session; the queue takes a site key too. A request with an {@code Authorization}
 * header is stateless and needs no CSRF token; a request riding on the session cookie must carry the
 * session's CSRF token ({@code X-CSRF-TOKEN}) for anything but GET. Every refusal is a problem document.
 *
 * <p>The dashboard ({@code /}, {@code /login}, {@code /logout}, its pages and assets) signs in with a form:
 * session cookie {@code HttpOnly}, {@code SameSite=Strict} (application.yml), CSRF on, and
 * {@code Content-Security-Policy: default-src 'self'} so nothing but this service's own scripts can run.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    /**
     * A request the security firewall refuses (encoded slashes or dots, NUL, other unsafe characters in the
     * path) is answered with a problem document like every other 400, not an empty body.
     */
    @Bean
    ServerExchangeRejectedHandler problemOnRejectedExchange() {
        return (exchange, rejected) -> Problems.write(
                exchange.getResponse(),
                new ApiException(
                        HttpStatus.BAD_REQUEST,
                        "/problems/malformed",
                        "Malformed request",
                        "The request was rejected: " + rejected.getMessage()));
    }

    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityWebFilterChain apiSecurity(
            ServerHttpSecurity http, SiteRegistry sites, io.sherpa.moderation.moderators.ModeratorAccounts accounts) {
        AuthenticationWebFilter siteKeys = new AuthenticationWebFilter(siteKeyManager(sites));
        siteKeys.setServerAuthenticationConverter(exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Mono.empty();
            }
            return Mono.just(new SiteKeyAuthentication(header.substring(7).trim()));
        });
        siteKeys.setAuthenticationFailureHandler((webFilterExchange, e) -> Problems.write(
                webFilterExchange.getExchange().getResponse(),
                ApiException.unauthorized("The API key is unknown, revoked, or its site is disabled")));
        ServerAuthenticationEntryPoint unauthorized = (exchange, e) -> Problems.write(
                exchange.getResponse(),
                new ApiException(
                        HttpStatus.UNAUTHORIZED,
                        "unauthorized",
                        "Unauthorized",
                        "Site APIs need 'Authorization: Bearer <site API key>', moderator APIs a moderator's credentials",
                        java.util.Map.of("WWW-Authenticate", "Basic realm=\"Sherpa\", Bearer"),
                        java.util.List.of()));
        ServerAccessDeniedHandler forbidden = (exchange, e) -> Problems.write(
                exchange.getResponse(),
                new ApiException(
                        HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "This credential may not call this endpoint"));
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/api/**"))
                .securityContextRepository(new WebSessionServerSecurityContextRepository())
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(SecurityConfiguration::ridesOnTheSession)
                        .accessDeniedHandler((exchange, e) -> Problems.write(
                                exchange.getResponse(),
                                new ApiException(
                                        HttpStatus.FORBIDDEN,
                                        "csrf",
                                        "Forbidden",
                                        "A request signed in by the dashboard's session needs its CSRF token in the "
                                                + DashboardSecurity.CSRF_HEADER + " header"))))
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized)
                        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance()))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .headers(headers -> headers.contentSecurityPolicy(
                        csp -> csp.policyDirectives(DashboardSecurity.CONTENT_SECURITY_POLICY)))
                .addFilterAt(siteKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .addFilterBefore(new CurrentModeratorFilter(accounts), SecurityWebFiltersOrder.AUTHORIZATION)
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeExchange(auth -> auth.pathMatchers(
                                "/api/v1/policy", "/api/v1/policy/**", "/api/v1/training", "/api/v1/training/**")
                        .hasRole("SITE")
                        .pathMatchers("/api/v1/comments/*/decision", "/api/v1/queue/authors/**")
                        .hasRole("MODERATOR")
                        .pathMatchers("/api/v1/moderators", "/api/v1/moderators/**")
                        .hasRole("ADMIN")
                        .pathMatchers("/api/v1/me", "/api/v1/audit", "/api/v1/overview")
                        .hasRole("MODERATOR")
                        .pathMatchers("/api/v1/queue", "/api/v1/queue/**")
                        .hasAnyRole("SITE", "MODERATOR")
                        .anyExchange()
                        .authenticated())
                .build();
    }

    /**
     * CSRF applies to state-changing requests that carry no {@code Authorization} header but come with a
     * session: those can only be authenticated by the session cookie, which a browser would also attach to
     * another site's forged request. Without a session there is nothing to forge (the answer is 401).
     */
    private static Mono<ServerWebExchangeMatcher.MatchResult> ridesOnTheSession(
            org.springframework.web.server.ServerWebExchange exchange) {
        HttpMethod method = exchange.getRequest().getMethod();
        boolean safe = method == HttpMethod.GET
                || method == HttpMethod.HEAD
                || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE;
        boolean stateless = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null;
        if (safe || stateless) {
            return ServerWebExchangeMatcher.MatchResult.notMatch();
        }
        return exchange.getSession()
                .flatMap(session -> session.isStarted()
                        ? ServerWebExchangeMatcher.MatchResult.match()
                        : ServerWebExchangeMatcher.MatchResult.notMatch());
    }

    @Bean
    @org.springframework.core.annotation.Order(3)
    SecurityWebFilterChain everythingElse(ServerHttpSecurity http) {
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(auth -> auth.anyExchange().permitAll())
                .build();
    }

    private static ReactiveAuthenticationManager siteKeyManager(SiteRegistry sites) {
        return authentication -> {
            String key = ((SiteKeyAuthentication) authentication).presentedKey();
            return sites.authenticate(key)
                    .<Mono<org.springframework.security.core.Authentication>>map(
                            site -> Mono.just(new SiteKeyAuthentication(site)))
                    .orElseGet(() -> Mono.error(new BadCredentialsException("unknown API key")));
        };
    }
}
