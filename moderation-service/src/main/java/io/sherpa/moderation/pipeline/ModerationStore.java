package io.sherpa.moderation.pipeline;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.bulk.BulkWriteUpsert;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.FindPublisher;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import com.mongodb.reactivestreams.client.MongoDatabase;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.scoring.AuthorHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * moderation-service's MongoDB ({@code sherpa_moderation}): {@code comments} (one document per comment:
 * what was submitted and its latest decision, keyed by commentId) and {@code authors} (history per site
 * and author). Every write is an idempotent upsert or a conditional update on the decision sequence; no
 * MongoDB transactions are needed.
 */
@Repository
public class ModerationStore {

    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final int RECENT_KEPT = 50;
    private static final String EFFECTS_PENDING = "effectsPending";

    private final MongoCollection<Document> comments;
    private final MongoCollection<Document> authors;

    public ModerationStore(MongoClient mongo, ModerationProperties settings) {
        MongoDatabase db = mongo.getDatabase(settings.database());
        this.comments = db.getCollection("comments");
        this.authors = db.getCollection("authors");
    }

    public Mono<Void> ensureIndexes() {
        return Flux.concat(
                        comments.createIndex(
                                Indexes.ascending("siteId", "decision", "receivedAt", "_id"),
                                new IndexOptions().name("queue")),
                        comments.createIndex(
                                Indexes.ascending("siteId", "authorId"), new IndexOptions().name("site_author")),
                        comments.createIndex(
                                Indexes.ascending("siteId", "decision", "latest.reasons.code", "receivedAt", "_id"),
                                new IndexOptions().name("queue_by_reason")))
                .then();
    }

    // ---- pipeline (blocking, bounded: called on Kafka listener threads) ----

    Map<String, StoredComment> findComments(Collection<String> ids) {
        Map<String, StoredComment> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Flux.from(comments.find(Filters.in("_id", ids)))
                .doOnNext(doc -> found.put(doc.getString("_id"), toStored(doc)))
                .then()
                .block(TIMEOUT);
        return found;
    }

    Map<String, AuthorRecord> findAuthors(Collection<String> keys) {
        Map<String, AuthorRecord> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        Flux.from(authors.find(Filters.in("_id", keys)))
                .doOnNext(doc -> found.put(doc.getString("_id"), toAuthor(doc)))
                .then()
                .block(TIMEOUT);
        return found;
    }

    /**
     * Stores automatic decisions; a comment already stored is left as it is (replays change nothing). Each new
     * comment is marked as having its effects pending until {@link #effectsApplied}. Returns the ids of the
     * comments this call stored: another consumer (a zombie during a rebalance) may have stored the rest.
     */
    Set<String> insertDecisions(List<Decided> decided) {
        if (decided.isEmpty()) {
            return Set.of();
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Decided d : decided) {
            Document doc = commentDocument(d.submitted(), d.decided());
            doc.remove("_id");
            doc.append(EFFECTS_PENDING, d.decided().decision().name());
            writes.add(new UpdateOneModel<>(
                    Filters.eq("_id", d.decided().commentId().asString()),
                    new Document("$setOnInsert", doc),
                    new UpdateOptions().upsert(true)));
        }
        BulkWriteResult result = Mono.from(comments.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(TIMEOUT);
        Set<String> inserted = new HashSet<>();
        for (BulkWriteUpsert upsert : result.getUpserts()) {
            inserted.add(decided.get(upsert.getIndex()).decided().commentId().asString());
        }
        return inserted;
    }

    /** Clears the pending mark of comments whose author, campaign and count writes are done. */
    void effectsApplied(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        Mono.from(comments.updateMany(Filters.in("_id", ids), Updates.unset(EFFECTS_PENDING)))
                .block(TIMEOUT);
    }

    /** Updates authors' histories with this batch's comments and counts. */
    void updateAuthors(Collection<AuthorRecord> changed, Map<String, long[]> counts) {
        if (changed.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (AuthorRecord author : changed) {
            List<AuthorHistory.PriorComment> recent = author.history().recent();
            List<Document> kept = recent.subList(Math.max(0, recent.size() - RECENT_KEPT), recent.size()).stream()
                    .map(p -> new Document("commentId", p.commentId())
                            .append("fp", p.fingerprint())
                            .append("at", Date.from(p.at())))
                    .toList();
            long[] c = counts.getOrDefault(author.key(), new long[3]);
            writes.add(new UpdateOneModel<>(
                    Filters.eq("_id", author.key()),
                    Updates.combine(
                            Updates.set("total", author.history().total()),
                            Updates.set("recent", kept),
                            Updates.inc("approved", c[0]),
                            Updates.inc("held", c[1]),
                            Updates.inc("rejected", c[2])),
                    new UpdateOptions().upsert(true)));
        }
        Mono.from(authors.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(TIMEOUT);
    }

    /** An automatic decision ready to be stored and published, with the submission it came from. */
    record Decided(CommentSubmitted submitted, CommentDecided decided) {}

    // ---- moderators and queue (reactive) ----

    public Mono<StoredComment> findComment(String id) {
        return Mono.from(comments.find(Filters.eq("_id", id)).first()).map(ModerationStore::toStored);
    }

    /** Moves a comment to a moderator's decision if nobody decided since {@code expectedSequence}. */
    public Mono<Boolean> replaceDecision(CommentDecided next, long expectedSequence, String note) {
        return Mono.from(comments.updateOne(
                        Filters.and(
                                Filters.eq("_id", next.commentId().asString()),
                                Filters.eq("sequence", expectedSequence)),
                        Updates.combine(
                                Updates.set("decision", next.decision().name()),
                                Updates.set("sequence", next.sequence()),
                                Updates.set("latest", Document.parse(EventJson.write(next))),
                                note == null ? Updates.unset("note") : Updates.set("note", note))))
                .map(r -> r.getModifiedCount() == 1);
    }

    /** Undoes {@link #replaceDecision} when the new decision could not be published. */
    public Mono<Void> restoreDecision(CommentDecided previous, long failedSequence) {
        return Mono.from(comments.updateOne(
                        Filters.and(
                                Filters.eq("_id", previous.commentId().asString()),
                                Filters.eq("sequence", failedSequence)),
                        Updates.combine(
                                Updates.set("decision", previous.decision().name()),
                                Updates.set("sequence", previous.sequence()),
                                Updates.set("latest", Document.parse(EventJson.write(previous))))))
                .then();
    }

    public Mono<Void> moveAuthorCount(String authorKey, Decision from, Decision to) {
        return Mono.from(authors.updateOne(
                        Filters.eq("_id", authorKey),
                        Updates.combine(Updates.inc(countField(from), -1), Updates.inc(countField(to), 1))))
                .then();
    }

    public Mono<AuthorRecord> findAuthor(String key) {
        return Mono.from(authors.find(Filters.eq("_id", key)).first()).map(ModerationStore::toAuthor);
    }

    /** One page of a queue, oldest first, after {@code cursor} (exclusive). */
    public Flux<StoredComment> queue(Collection<String> sites, Decision status, QueueCursor after, int limit) {
        return queue(sites, status, null, after, limit);
    }

    /** One page of a queue, oldest first, after {@code cursor} (exclusive), only comments given {@code reason}. */
    public Flux<StoredComment> queue(
            Collection<String> sites, Decision status, String reason, QueueCursor after, int limit) {
        return Flux.from(queuePage(sites, status, reason, after, limit)).map(ModerationStore::toStored);
    }

    /**
     * The query of one queue page: equality on site and status (and reason), a keyset cursor on
     * {@code (receivedAt, _id)}, the same order — what the {@code queue} and {@code queue_by_reason} indexes
     * serve without sorting (checked on real MongoDB by {@code QueuePlanOnRealMongoTests}).
     */
    FindPublisher<Document> queuePage(
            Collection<String> sites, Decision status, String reason, QueueCursor after, int limit) {
        Bson filter = Filters.and(Filters.in("siteId", sites), Filters.eq("decision", status.name()));
        if (reason != null) {
            filter = Filters.and(filter, Filters.eq("latest.reasons.code", reason));
        }
        if (after != null) {
            Date at = Date.from(after.receivedAt());
            // the range alone bounds the index scan even where a planner does not push the $or into it
            filter = Filters.and(
                    filter,
                    Filters.gte("receivedAt", at),
                    Filters.or(
                            Filters.gt("receivedAt", at),
                            Filters.and(Filters.eq("receivedAt", at), Filters.gt("_id", after.id()))));
        }
        return comments.find(filter).sort(Sorts.ascending("receivedAt", "_id")).limit(limit);
    }

    /** Comments by id (a key lookup), in no particular order. */
    public Flux<StoredComment> findCommentsById(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Flux.empty();
        }
        return Flux.from(comments.find(Filters.in("_id", ids))).map(ModerationStore::toStored);
    }

    /** An author's comments on a site that wait in the queue, oldest first. */
    public Flux<StoredComment> heldByAuthor(String siteId, String authorId, int limit) {
        return Flux.from(comments.find(Filters.and(
                                Filters.eq("siteId", siteId),
                                Filters.eq("authorId", authorId),
                                Filters.eq("decision", Decision.HELD.name())))
                        .sort(Sorts.ascending("receivedAt", "_id"))
                        .limit(limit))
                .map(ModerationStore::toStored);
    }

    /** Per site: how many comments are HELD and when the oldest arrived. */
    public Flux<Document> heldStats() {
        return Flux.from(comments.aggregate(List.of(
                new Document("$match", new Document("decision", Decision.HELD.name())),
                new Document(
                        "$group",
                        new Document("_id", "$siteId")
                                .append("count", new Document("$sum", 1))
                                .append("oldest", new Document("$min", "$receivedAt"))))));
    }

    public Mono<Void> ping(Duration timeout) {
        return Mono.from(comments.countDocuments(Filters.eq("_id", "ping")))
                .then()
                .timeout(timeout);
    }

    /** Where a queue page ended: the last item's arrival and id. */
    public record QueueCursor(Instant receivedAt, String id) {}

    /** What an erased author's comments say instead of their name. */
    public static final String ERASED = "[erased]";

    /**
     * Erasure: every comment of the author on the site keeps its ids, decisions, reason codes and times
     * (what the audit needs) and loses its text, the author's name, e-mail hash and URL, and the request's
     * IP prefix, user agent and referrer; the author's history (fingerprints of their texts) is deleted.
     * Idempotent. Returns how many comments were anonymised.
     */
    public long eraseAuthor(String siteId, String authorId) {
        var result = Mono.from(comments.updateMany(
                        Filters.and(Filters.eq("siteId", siteId), Filters.eq("authorId", authorId)),
                        Updates.combine(
                                Updates.set("submitted.text", ""),
                                Updates.set("submitted.author.name", ERASED),
                                Updates.unset("submitted.author.emailHash"),
                                Updates.unset("submitted.author.url"),
                                Updates.set("submitted.envelope", new Document()),
                                Updates.set("latest.textExcerpt", ""),
                                Updates.set("latest.authorName", ERASED),
                                Updates.set("erased", true))))
                .block(TIMEOUT);
        Mono.from(authors.deleteOne(Filters.eq("_id", siteId + "/" + authorId))).block(TIMEOUT);
        return result == null ? 0 : result.getMatchedCount();
    }

    static Document commentDocument(CommentSubmitted submitted, CommentDecided decided) {
        return new Document("_id", decided.commentId().asString())
                .append("siteId", decided.siteId().value())
                .append("authorId", submitted.author().id())
                .append("decision", decided.decision().name())
                .append("sequence", decided.sequence())
                .append("receivedAt", Date.from(submitted.receivedAt()))
                .append("submittedEventId", submitted.eventId().asString())
                .append("submitted", Document.parse(EventJson.write(submitted)))
                .append("latest", Document.parse(EventJson.write(decided)));
    }

    private static String countField(Decision decision) {
        return switch (decision) {
            case APPROVED -> "approved";
            case HELD -> "held";
            case REJECTED -> "rejected";
        };
    }

    static StoredComment toStored(Document doc) {
        CommentSubmitted submitted =
                EventJson.read(doc.get("submitted", Document.class).toJson(), CommentSubmitted.class);
        CommentDecided latest = EventJson.read(doc.get("latest", Document.class).toJson(), CommentDecided.class);
        Date received = doc.getDate("receivedAt");
        return new StoredComment(
                submitted,
                latest,
                doc.getString("submittedEventId"),
                doc.getString("note"),
                received == null ? submitted.receivedAt() : received.toInstant(),
                doc.getString(EFFECTS_PENDING) == null ? null : Decision.valueOf(doc.getString(EFFECTS_PENDING)));
    }

    @SuppressWarnings("unchecked")
    static AuthorRecord toAuthor(Document doc) {
        List<AuthorHistory.PriorComment> recent = new ArrayList<>();
        Object list = doc.get("recent");
        if (list instanceof List<?> items) {
            for (Object item : items) {
                Document p = (Document) item;
                recent.add(new AuthorHistory.PriorComment(
                        p.getString("commentId"),
                        p.getString("fp"),
                        p.getDate("at").toInstant()));
            }
        }
        return new AuthorRecord(
                doc.getString("_id"),
                new AuthorHistory(number(doc, "total"), recent),
                number(doc, "approved"),
                number(doc, "held"),
                number(doc, "rejected"));
    }

    private static long number(Document doc, String field) {
        Object value = doc.get(field);
        return value instanceof Number n ? n.longValue() : 0;
    }
}
