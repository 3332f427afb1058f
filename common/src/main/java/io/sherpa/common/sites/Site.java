package io.sherpa.common.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;

/** A site as the registry holds it: the latest {@link SiteChanged} for its id. */
public record Site(SiteChanged state) {

    public SiteId id() {
        return state.siteId();
    }

    public boolean disabled() {
        return state.disabled();
    }
}
