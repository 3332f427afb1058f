package io.sherpa.moderation.web;

import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.web.ApiException;
import io.sherpa.common.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
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
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Site APIs ({@code /api/v1/policy}, {@code /api/v1/training}) take a site's API key
 * ({@code Authorization: Bearer}); moderator APIs ({@code /api/v1/comments/{id}/decision}) take a
 * moderator's credentials (HTTP Basic, bcrypt-checked); the queue takes either. Stateless: no session for
 * API calls, so no CSRF token is needed for them. Every refusal is a problem document.
 */
@Configuration
@EnableWebFluxSecurity
public class SecurityConfiguration {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    @org.springframework.core.annotation.Order(1)
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, SiteRegistry sites) {
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
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .addFilterAt(siteKeys, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(
                        ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .authorizeExchange(auth -> auth.pathMatchers(
                                "/api/v1/policy", "/api/v1/policy/**", "/api/v1/training", "/api/v1/training/**")
                        .hasRole("SITE")
                        .pathMatchers("/api/v1/comments/*/decision")
                        .hasRole("MODERATOR")
                        .pathMatchers("/api/v1/queue", "/api/v1/queue/**")
                        .hasAnyRole("SITE", "MODERATOR")
                        .anyExchange()
                        .authenticated())
                .build();
    }

    @Bean
    @org.springframework.core.annotation.Order(2)
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
