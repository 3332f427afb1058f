package io.sherpa.ingest.comments;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.json.EventFormatException;
import io.sherpa.common.json.EventJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * Keeps ingest's status view: every {@code CommentDecided} is recorded under its sequence, one bulk write
 * per batch; idempotent and order-safe. A record that is not a decision goes to the DLT (the records
 * before it are applied and committed first). A write that fails (MongoDB down) fails the batch at its
 * first record: the error handler then retries from there until the store is back, where a failure of the
 * batch as a whole would be retried a few times and then dead-letter every record of it.
 */
@Component
public class DecisionStatusListener {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);

    private final CommentStore store;

    public DecisionStatusListener(CommentStore store) {
        this.store = store;
    }

    @KafkaListener(
            id = "ingest-status-view",
            groupId = "ingest-service",
            topics = "sherpa.comments.decided.v1",
            batch = "true")
    public void onDecided(List<ConsumerRecord<String, String>> records) {
        List<CommentDecided> batch = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                batch.add(EventJson.read(records.get(i).value(), CommentDecided.class));
            } catch (EventFormatException unreadable) {
                apply(batch);
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, i);
            }
        }
        apply(batch);
    }

    private void apply(List<CommentDecided> batch) {
        try {
            store.applyDecisions(batch).block(WRITE_TIMEOUT);
        } catch (RuntimeException storeFailed) {
            throw new BatchListenerFailedException("status view not written: " + storeFailed, storeFailed, 0);
        }
    }
}
