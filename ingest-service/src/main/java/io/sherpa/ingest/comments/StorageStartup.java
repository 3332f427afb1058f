package io.sherpa.ingest.comments;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Creates ingest's MongoDB indexes at start-up (idempotent). */
@Component
class StorageStartup {

    private static final Logger log = LoggerFactory.getLogger(StorageStartup.class);

    private final CommentStore store;

    StorageStartup(CommentStore store) {
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes() {
        try {
            store.ensureIndexes().block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.error("Could not create MongoDB indexes (will retry on next start): {}", e.toString());
        }
    }
}
