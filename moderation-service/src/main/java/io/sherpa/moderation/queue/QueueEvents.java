package io.sherpa.moderation.queue;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.pipeline.ModerationStore;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Live queue changes for this replica's SSE clients. Every replica reads {@code sherpa.comments.decided.v1}
 * in a consumer group of its own (from the latest offset), so a moderator sees changes whichever replica
 * decided them: a HELD decision enters the queue, any later decision of a held comment leaves it.
 */
@Component
public class QueueEvents {

    private final Sinks.Many<QueueEvent> sink = Sinks.many().multicast().directBestEffort();
    private final ModerationStore store;
    private final QueueCards cards;
    private final Clock clock = Clock.systemUTC();

    public QueueEvents(ModerationStore store, QueueCards cards) {
        this.store = store;
        this.cards = cards;
    }

    public Flux<QueueEvent> events() {
        return sink.asFlux();
    }

    @KafkaListener(
            id = "moderation-queue-events",
            groupId = "moderation-queue-#{T(java.util.UUID).randomUUID()}",
            topics = "sherpa.comments.decided.v1",
            properties = "auto.offset.reset=latest")
    void onDecided(ConsumerRecord<String, String> record) {
        CommentDecided decided = EventJson.read(record.value(), CommentDecided.class);
        String id = decided.commentId().asString();
        if (decided.decision() == Decision.HELD) {
            QueueItem item = store.findComment(id)
                    .flatMap(c -> cards.card(c, clock.instant()))
                    .block(Duration.ofSeconds(5));
            sink.tryEmitNext(new QueueEvent(
                    "ENTERED", id, decided.siteId().value(), decided.decision().name(), decided.sequence(), item));
        } else if (decided.sequence() > 1) {
            sink.tryEmitNext(new QueueEvent(
                    "LEFT", id, decided.siteId().value(), decided.decision().name(), decided.sequence(), null));
        }
    }
}
