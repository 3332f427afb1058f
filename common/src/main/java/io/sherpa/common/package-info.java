/**
 * What every Sherpa service shares and nothing else: the event records and their typed ids, the topic
 * catalogue, the JSON mapping of events, site-key authentication and the Kafka/metrics
 * auto-configuration. This module imports no service.
 */
package io.sherpa.common;
