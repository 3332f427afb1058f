package io.sherpa.moderation.web;

import io.sherpa.moderation.moderators.Moderator;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;

/** Who is calling: a site (by its API key) or a moderator (with the sites they moderate). */
public record Caller(String siteId, Moderator moderator) {

    public static Caller of(Principal principal) {
        if (principal instanceof SiteKeyAuthentication site) {
            return new Caller(site.site().siteId().value(), null);
        }
        if (principal instanceof Authentication auth && auth.getPrincipal() instanceof Moderator moderator) {
            return new Caller(null, moderator);
        }
        throw new IllegalStateException("unauthenticated call reached a protected endpoint");
    }

    /** Whether this caller may see and act on the site's comments. */
    public boolean mayAccess(String site) {
        return siteId != null ? siteId.equals(site) : moderator.moderates(site);
    }

    public Optional<Moderator> asModerator() {
        return Optional.ofNullable(moderator);
    }

    /** The sites this caller's queue spans, narrowed to {@code requested} when given. */
    public Set<String> sites(String requested, Set<String> known) {
        if (siteId != null) {
            return requested == null || requested.equals(siteId) ? Set.of(siteId) : Set.of();
        }
        if (requested != null) {
            return moderator.moderates(requested) ? Set.of(requested) : Set.of();
        }
        return moderator.sites().contains("*") ? known : moderator.sites();
    }
}
