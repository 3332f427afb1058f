package io.sherpa.common.sites;

import io.sherpa.common.ids.SiteId;

/** The site a request's API key belongs to, and which of its keys was used (for logs, never the secret). */
public record AuthenticatedSite(SiteId siteId, String keyId) {}
