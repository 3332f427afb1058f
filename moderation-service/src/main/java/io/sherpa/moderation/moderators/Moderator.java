package io.sherpa.moderation.moderators;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A signed-in moderator: who they are and which sites they may act on ({@code *}: every site). */
public record Moderator(String username, String passwordHash, Set<String> sites, boolean admin, boolean disabled)
        implements UserDetails {

    public boolean moderates(String siteId) {
        return sites.contains("*") || sites.contains(siteId);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return admin
                ? List.of(new SimpleGrantedAuthority("ROLE_MODERATOR"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_MODERATOR"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return !disabled;
    }
}
