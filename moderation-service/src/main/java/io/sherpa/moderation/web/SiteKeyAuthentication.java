package io.sherpa.moderation.web;

import io.sherpa.common.sites.AuthenticatedSite;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by a site's API key; before authentication it carries only the presented key. */
public class SiteKeyAuthentication extends AbstractAuthenticationToken {

    private final transient AuthenticatedSite site;
    private final transient String presentedKey;

    SiteKeyAuthentication(String presentedKey) {
        super(List.of());
        this.site = null;
        this.presentedKey = presentedKey;
    }

    SiteKeyAuthentication(AuthenticatedSite site) {
        super(List.of(new SimpleGrantedAuthority("ROLE_SITE")));
        this.site = site;
        this.presentedKey = null;
        setAuthenticated(true);
    }

    public AuthenticatedSite site() {
        return site;
    }

    String presentedKey() {
        return presentedKey;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public Object getPrincipal() {
        return site;
    }
}
