package io.sherpa.moderation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of moderation-service ({@code sherpa.moderation.*}).
 *
 * @param database the MongoDB database this service owns
 * @param demoModerator {@code name:password} of a moderator created at start-up for local runs
 *     ({@code SHERPA_DEMO_MODERATOR}); none when blank
 * @param demoModeratorSites the sites that moderator moderates
 * @param queueGaugeInterval how often queue depth and oldest age are recomputed for metrics
 * @param queuePageSize default and largest page of {@code GET /api/v1/queue}
 */
@ConfigurationProperties("sherpa.moderation")
public record ModerationProperties(
        @DefaultValue("sherpa_moderation") String database,
        String demoModerator,
        @DefaultValue("demo") java.util.List<String> demoModeratorSites,
        @DefaultValue("10s") Duration queueGaugeInterval,
        @DefaultValue("50") int queuePageSize) {}
