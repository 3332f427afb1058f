/**
 * One auto-configuration for every service: producer guarantees (idempotent, acks=all), consumer
 * settings (read_committed, manual commits, group named after the service), the topics and their
 * dead-letter topics, error handling with bounded retries and a {@code .DLT}, the site registry, and the
 * metrics common tag.
 */
package io.sherpa.common.kafka;
