package io.sherpa.ingest.comments;

import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topic;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes events and completes only when Kafka has acknowledged them (idempotent producer, acks=all).
 * {@code send} can block while the producer waits for metadata, so it is called off the event loop; a
 * broker that does not answer within {@code sherpa.ingest.kafka-timeout} is a {@code 503}.
 */
@Component
public class EventPublisher {

    private final KafkaTemplate<String, String> kafka;
    private final Duration timeout;
    private final long retryAfterSeconds;

    public EventPublisher(KafkaTemplate<String, String> kafka, IngestProperties settings) {
        this.kafka = kafka;
        this.timeout = settings.kafkaTimeout();
        this.retryAfterSeconds = Math.max(1, settings.retryAfter().toSeconds());
    }

    public Mono<Void> publish(Topic<?> topic, String key, Object event) {
        String json = EventJson.write(event);
        return Mono.defer(() -> Mono.fromFuture(kafka.send(topic.name(), key, json)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .onErrorMap(e -> ApiException.unavailable(
                        "Kafka did not acknowledge the event within " + timeout.toMillis()
                                + " ms; it was not accepted, send it again",
                        retryAfterSeconds))
                .then();
    }
}
