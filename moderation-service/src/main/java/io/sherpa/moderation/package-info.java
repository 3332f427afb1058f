/**
 * moderation-service: decides every submitted comment once (APPROVED, HELD or REJECTED) with reasons and
 * text spans, under each site's policy, and lets moderators overrule. Domain packages ({@code scoring},
 * {@code policy}) are plain Java; {@code pipeline}, {@code queue}, {@code moderators} and {@code web} are
 * the adapters.
 */
package io.sherpa.moderation;
