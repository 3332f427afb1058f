package io.sherpa.moderation.web;

import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.RedirectServerAuthenticationFailureHandler;
import org.springframework.security.web.server.authentication.logout.RedirectServerLogoutSuccessHandler;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * The dashboard's pages: a form sign-in ({@code POST /login}), a session (cookie {@code HttpOnly},
 * {@code SameSite=Strict}, set in application.yml), CSRF on every form, sign-out ({@code POST /logout}),
 * and a Content-Security-Policy that allows only this service's own scripts, styles and images.
 */
@Configuration
public class DashboardSecurity {

    /** The dashboard's policy: everything from this origin, nothing inline, nothing from elsewhere. */
    public static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** The header the dashboard's scripts send the session's CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-TOKEN";

    static final String[] PAGES = {"/", "/index.html", "/audit", "/overview", "/admin"};

    @Bean
    @Order(2)
    SecurityWebFilterChain dashboardChain(ServerHttpSecurity http, ModeratorAccounts accounts) {
        RedirectServerLogoutSuccessHandler signedOut = new RedirectServerLogoutSuccessHandler();
        signedOut.setLogoutSuccessUrl(URI.create("/login?signed-out"));
        return http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(
                        "/", "/index.html", "/audit", "/overview", "/admin", "/login", "/logout", "/assets/**"))
                .securityContextRepository(new WebSessionServerSecurityContextRepository())
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(form -> form.loginPage("/login")
                        .authenticationFailureHandler(new RedirectServerAuthenticationFailureHandler("/login?error")))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessHandler(signedOut))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterBefore(new CurrentModeratorFilter(accounts), SecurityWebFiltersOrder.AUTHORIZATION)
                .authorizeExchange(auth -> auth.pathMatchers("/login", "/assets/**")
                        .permitAll()
                        .pathMatchers("/admin")
                        .hasRole("ADMIN")
                        .anyExchange()
                        .hasRole("MODERATOR"))
                .build();
    }
}
