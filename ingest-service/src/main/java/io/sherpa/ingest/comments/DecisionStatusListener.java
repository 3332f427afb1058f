package io.sherpa.ingest.comments;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.json.EventJson;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps ingest's status view: every {@code CommentDecided} updates the stored comment if its sequence
 * is newer than what is held. Idempotent, order-safe; a record that is not a decision goes to the DLT.
 */
@Component
public class DecisionStatusListener {

    private static final Logger log = LoggerFactory.getLogger(DecisionStatusListener.class);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private final CommentStore store;

    public DecisionStatusListener(CommentStore store) {
        this.store = store;
    }

    @KafkaListener(id = "ingest-status-view", groupId = "ingest-service", topics = "sherpa.comments.decided.v1")
    public void onDecided(ConsumerRecord<String, String> record) {
        CommentDecided decided = EventJson.read(record.value(), CommentDecided.class);
        Boolean changed = store.applyDecision(decided).block(WRITE_TIMEOUT);
        log.debug(
                "Decision {} #{} for {} applied: {}",
                decided.decision(),
                decided.sequence(),
                decided.commentId(),
                changed);
    }
}
