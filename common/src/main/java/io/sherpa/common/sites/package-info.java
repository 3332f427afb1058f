/**
 * Site-key authentication shared by all services. Sites and their key hashes live in the compacted
 * {@code sherpa.sites.v1} topic; every service reads the whole topic into a {@link io.sherpa.common.sites.SiteRegistry}
 * and checks {@code Authorization: Bearer <key>} against it with a constant-time comparison of SHA-256
 * hashes. Secret keys are never stored.
 */
package io.sherpa.common.sites;
