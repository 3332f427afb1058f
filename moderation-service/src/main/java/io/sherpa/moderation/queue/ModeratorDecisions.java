package io.sherpa.moderation.queue;

import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Keys;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topics;
import io.sherpa.common.web.ApiException;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.moderators.Moderator;
import io.sherpa.moderation.pipeline.DecisionCounts;
import io.sherpa.moderation.pipeline.ModerationMetrics;
import io.sherpa.moderation.pipeline.ModerationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * A moderator's decision: claimed in MongoDB with a conditional update on the sequence (two moderators
 * acting at once: one wins, the other gets 409), then published as {@code CommentDecided} with the next
 * sequence and {@code source: MODERATOR}. If Kafka does not take it, the claim is undone and the caller
 * gets 503. Every decision is written to the audit log.
 */
@Service
public class ModeratorDecisions {

    private static final Logger log = LoggerFactory.getLogger(ModeratorDecisions.class);

    private final ModerationStore store;
    private final KafkaTemplate<String, String> kafka;
    private final ModerationMetrics metrics;
    private final DecisionCounts counts;
    private final com.mongodb.reactivestreams.client.MongoCollection<Document> audit;
    private final Clock clock = Clock.systemUTC();

    public ModeratorDecisions(
            ModerationStore store,
            KafkaTemplate<String, String> kafka,
            ModerationMetrics metrics,
            DecisionCounts counts,
            MongoClient mongo,
            ModerationProperties settings) {
        this.store = store;
        this.counts = counts;
        this.kafka = kafka;
        this.metrics = metrics;
        this.audit = mongo.getDatabase(settings.database()).getCollection("audit");
    }

    public Mono<CommentDecided> decide(String commentId, Decision decision, String note, Moderator moderator) {
        if (decision != Decision.APPROVED && decision != Decision.REJECTED) {
            return Mono.error(ApiException.invalid(
                    java.util.List.of(new ApiException.FieldError("decision", "must be APPROVED or REJECTED"))));
        }
        return store.findComment(commentId)
                .filter(c -> moderator.moderates(c.submitted().siteId().value()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("No comment " + commentId + " on your sites")))
                .flatMap(current -> {
                    CommentDecided previous = current.latest();
                    if (previous.decision() == decision) {
                        return Mono.just(previous);
                    }
                    CommentDecided next = previous.byModerator(moderator.username(), decision, clock.instant());
                    return store.replaceDecision(next, previous.sequence(), note)
                            .flatMap(claimed -> claimed
                                    ? publish(next)
                                            .onErrorResume(e -> store.restoreDecision(previous, next.sequence())
                                                    .then(Mono.error(ApiException.unavailable(
                                                            "Kafka did not take the decision; nothing changed", 5))))
                                            .then(afterwards(
                                                    current.submitted().author().id(), previous, next, note))
                                            .thenReturn(next)
                                    : Mono.error(ApiException.conflict(
                                            "Someone decided this comment meanwhile; reload it")));
                });
    }

    private Mono<Void> publish(CommentDecided next) {
        return Mono.fromCallable(() -> kafka.executeInTransaction(t -> {
                    try {
                        return t.send(Topics.COMMENTS_DECIDED.name(), next.partitionKey(), EventJson.write(next))
                                .get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("publish failed", e);
                    }
                }))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(Duration.ofSeconds(15))
                .then();
    }

    private Mono<Void> afterwards(String authorId, CommentDecided previous, CommentDecided next, String note) {
        metrics.decided(next, null);
        metrics.overridden(next.siteId().value(), previous.decision(), next.decision());
        Document entry = new Document("at", Date.from(next.decidedAt()))
                .append("moderator", next.moderatorId())
                .append("siteId", next.siteId().value())
                .append("commentId", next.commentId().asString())
                .append("from", previous.decision().name())
                .append("to", next.decision().name())
                .append("sequence", next.sequence())
                .append("note", note);
        return Mono.from(audit.insertOne(entry))
                .then(store.moveAuthorCount(
                        Keys.siteAuthor(next.siteId(), authorId), previous.decision(), next.decision()))
                .onErrorResume(e -> {
                    log.warn(
                            "Decision {} published, but audit/author counts not updated: {}",
                            next.commentId(),
                            e.toString());
                    return Mono.empty();
                })
                .then(counts.countOverride(previous, next).onErrorResume(e -> {
                    log.warn(
                            "Decision {} published, but not counted for the overview: {}",
                            next.commentId(),
                            e.toString());
                    return Mono.empty();
                }));
    }
}
