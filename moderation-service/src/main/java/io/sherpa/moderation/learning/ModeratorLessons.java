package io.sherpa.moderation.learning;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Keys;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.pipeline.ModerationStore;
import io.sherpa.moderation.pipeline.StoredComment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Online learning: every moderator decision is a lesson. Approving a held comment teaches "this is
 * fine" to both models; rejecting one teaches "this is spam" (or "this is abusive", when it was held for
 * toxicity or a banned word). A moderator's lesson weighs three times an uploaded example, and a later
 * reversal of the same comment replaces it. Reads {@code sherpa.comments.decided.v1} in its own consumer
 * group, so each lesson is learnt once whichever replica the moderator used, and the full text comes from
 * this service's own store (events carry only an excerpt).
 */
@Component
class ModeratorLessons {

    private static final Logger log = LoggerFactory.getLogger(ModeratorLessons.class);
    static final double MODERATOR_WEIGHT = 3.0;
    private static final Set<ReasonCode> ABUSE = Set.of(ReasonCode.TOXICITY, ReasonCode.BANNED_WORD);

    /**
     * What the text itself was held for as spam. Not the site's rules about who may post unreviewed
     * (premoderation, newcomers), a failed check or a suspect word: those say nothing of the category.
     */
    private static final Set<ReasonCode> SPAM = Set.of(
            ReasonCode.DUPLICATE,
            ReasonCode.NEAR_DUPLICATE,
            ReasonCode.LINK,
            ReasonCode.URL_SHORTENER,
            ReasonCode.CONTACT_INFO,
            ReasonCode.SELF_PROMOTION,
            ReasonCode.SPAM_MODEL,
            ReasonCode.FLOOD);

    private final ModerationStore comments;
    private final ModelStore models;
    private final ModelTrainer trainer;

    ModeratorLessons(ModerationStore comments, ModelStore models, ModelTrainer trainer) {
        this.comments = comments;
        this.models = models;
        this.trainer = trainer;
    }

    @KafkaListener(
            id = "moderation-learning",
            groupId = "moderation-service-learning",
            topics = "sherpa.comments.decided.v1")
    void onDecided(ConsumerRecord<String, String> record) {
        CommentDecided decided = EventJson.read(record.value(), CommentDecided.class);
        if (decided.source() != DecisionSource.MODERATOR || decided.decision() == Decision.HELD) {
            return;
        }
        StoredComment stored =
                comments.findComment(decided.commentId().asString()).block(Duration.ofSeconds(15));
        if (stored == null) {
            log.warn("No stored text for moderator decision on {}; nothing learnt", decided.commentId());
            return;
        }
        String text = stored.submitted().text();
        if (text == null || text.isBlank()) { // the author was erased before this decision was read
            log.info("No text left for moderator decision on {} (author erased); nothing learnt", decided.commentId());
            return;
        }
        String site = decided.siteId().value();
        String author = Keys.siteAuthor(decided.siteId(), decided.authorId());
        String id = decided.commentId().asString();
        List<ModelStore.StoredExample> lessons = new ArrayList<>();
        if (decided.decision() == Decision.APPROVED) {
            for (String category : List.of("spam", "toxicity")) {
                lessons.add(lesson(id, site, category, text, false, author, decided));
            }
        } else {
            for (String category : taughtByRejection(decided.reasons())) {
                lessons.add(lesson(id, site, category, text, true, author, decided));
            }
        }
        models.saveExamples(lessons);
        trainer.request(site);
        log.info("Learnt from {}'s decision {} on {}", decided.moderatorId(), decided.decision(), decided.commentId());
    }

    /**
     * The categories a rejection teaches: what the comment was held for — abuse, spam, or both. A note below the
     * hold threshold (a toxicity score of 0.3 on a link drop) is no lesson in abuse; when nothing in the text held
     * it (premoderation, a newcomer's link, a failed check), the notes are the hint, and spam the default.
     */
    static List<String> taughtByRejection(List<Reason> reasons) {
        boolean abusive = reasons.stream().anyMatch(r -> ABUSE.contains(r.code()) && r.severity() != Severity.INFO);
        boolean spam = reasons.stream().anyMatch(r -> SPAM.contains(r.code()) && r.severity() != Severity.INFO);
        if (!abusive && !spam) {
            abusive = reasons.stream().anyMatch(r -> ABUSE.contains(r.code()));
        }
        List<String> categories = new ArrayList<>();
        if (abusive) {
            categories.add("toxicity");
        }
        if (spam || !abusive) {
            categories.add("spam");
        }
        return categories;
    }

    private static ModelStore.StoredExample lesson(
            String commentId,
            String site,
            String category,
            String text,
            boolean positive,
            String author,
            CommentDecided decided) {
        return new ModelStore.StoredExample(
                commentId + ":" + category,
                site,
                category,
                text,
                positive,
                MODERATOR_WEIGHT,
                ModelStore.MODERATOR,
                author,
                decided.decidedAt());
    }
}
