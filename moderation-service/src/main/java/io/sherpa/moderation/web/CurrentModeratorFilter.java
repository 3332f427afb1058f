package io.sherpa.moderation.web;

import io.sherpa.moderation.moderators.Moderator;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * A dashboard session remembers who signed in, not what they may do: on every request the account is read
 * again, so sites an admin assigns or takes away apply at once, and a disabled (or deleted) account's
 * session ends at its next request instead of living on until it expires.
 */
class CurrentModeratorFilter implements WebFilter {

    private final ModeratorAccounts accounts;

    CurrentModeratorFilter(ModeratorAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION) != null) {
            return chain.filter(exchange); // stateless: checked against the store on this very request
        }
        return ReactiveSecurityContextHolder.getContext()
                .map(SecurityContext::getAuthentication)
                .filter(auth -> auth.getPrincipal() instanceof Moderator)
                .flatMap(auth -> accounts.find(auth.getName())
                        .filter(Moderator::isEnabled)
                        .map(current -> chain.filter(exchange)
                                .contextWrite(ReactiveSecurityContextHolder.withSecurityContext(
                                        Mono.just(new SecurityContextImpl(refreshed(auth, current))))))
                        .switchIfEmpty(Mono.defer(() -> exchange.getSession()
                                .flatMap(WebSession::invalidate)
                                .thenReturn(chain.filter(exchange)
                                        .contextWrite(ReactiveSecurityContextHolder.clearContext())))))
                .switchIfEmpty(Mono.fromSupplier(() -> chain.filter(exchange)))
                .flatMap(next -> next);
    }

    private static Authentication refreshed(Authentication signedIn, Moderator current) {
        UsernamePasswordAuthenticationToken fresh =
                UsernamePasswordAuthenticationToken.authenticated(current, null, current.getAuthorities());
        fresh.setDetails(signedIn.getDetails());
        return fresh;
    }
}
