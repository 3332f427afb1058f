package io.sherpa.moderation.erasure;

import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.Keys;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.learning.ModelStore;
import io.sherpa.moderation.learning.ModelTrainer;
import io.sherpa.moderation.pipeline.CampaignStore;
import io.sherpa.moderation.pipeline.ModerationStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Applies {@code AuthorErased} to moderation-service's database: the author's comments keep only what the
 * audit needs (ids, decisions, reason codes, times; text, name, e-mail hash, URL and request details
 * removed), their history and fingerprints are deleted, the lessons taken from their comments are deleted
 * and the site's models retrained without them (hashed n-grams of their texts leave the weights too).
 * Every step is idempotent, so a redelivered event changes nothing more; a failure reaches the error
 * handler and is retried, never skipped.
 */
@Component
class AuthorErasure {

    private static final Logger log = LoggerFactory.getLogger(AuthorErasure.class);

    private final ModerationStore comments;
    private final CampaignStore campaigns;
    private final ModelStore lessons;
    private final ModelTrainer trainer;

    AuthorErasure(ModerationStore comments, CampaignStore campaigns, ModelStore lessons, ModelTrainer trainer) {
        this.comments = comments;
        this.campaigns = campaigns;
        this.lessons = lessons;
        this.trainer = trainer;
    }

    @KafkaListener(id = "moderation-erasure", groupId = "moderation-service", topics = "sherpa.authors.erased.v1")
    void onErased(ConsumerRecord<String, String> record) {
        AuthorErased erased = EventJson.read(record.value(), AuthorErased.class);
        String site = erased.siteId().value();
        String authorKey = Keys.siteAuthor(erased.siteId(), erased.authorId());
        long anonymised = comments.eraseAuthor(site, erased.authorId());
        campaigns.forget(authorKey);
        if (lessons.taughtBy(authorKey)) {
            // noted before the lessons go: a crash in between still retrains without them, on any replica
            lessons.requestTraining(site, java.time.Instant.now());
        }
        long forgotten = lessons.forgetAuthor(authorKey);
        if (forgotten > 0) {
            trainer.request(site);
        }
        log.info(
                "Erased author {} of site {}: {} comments anonymised, {} lessons deleted",
                erased.authorId(),
                site,
                anonymised,
                forgotten);
    }
}
