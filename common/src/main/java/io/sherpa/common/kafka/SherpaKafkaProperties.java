package io.sherpa.common.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Kafka settings shared by every service ({@code sherpa.kafka.*}).
 *
 * @param replicationFactor replication factor of the topics this service creates: 1 locally, 3 in production
 * @param partitions partitions of the comment topics (12 by default; the most consumers of one group that share work)
 * @param retryAttempts how often a failing record is retried before it goes to its {@code .DLT}
 * @param retryBackoff the first pause between retries; doubles each time
 * @param siteRegistryStartupWait how long start-up waits for the site registry to catch up with its topic
 */
@ConfigurationProperties("sherpa.kafka")
public record SherpaKafkaProperties(
        @DefaultValue("1") short replicationFactor,
        @DefaultValue("12") int partitions,
        @DefaultValue("3") int retryAttempts,
        @DefaultValue("200ms") Duration retryBackoff,
        @DefaultValue("15s") Duration siteRegistryStartupWait) {}
