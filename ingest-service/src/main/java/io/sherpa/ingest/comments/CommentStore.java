package io.sherpa.ingest.comments;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * ingest's MongoDB collection {@code comments} in {@code sherpa_ingest}: one document per comment, id =
 * commentId, unique on {@code (siteId, externalId)}. It holds no comment text: a content hash is enough
 * to tell a replay from a conflicting resubmission. Author e-mails are kept only as hashes, IPs only as
 * prefixes.
 */
@Repository
public class CommentStore {

    private final MongoCollection<Document> comments;

    public CommentStore(MongoClient mongo, IngestProperties settings) {
        this.comments = mongo.getDatabase(settings.database()).getCollection("comments");
    }

    /** Creates the indexes (idempotent); called once at start-up. */
    public Mono<Void> ensureIndexes() {
        return Flux.concat(
                        comments.createIndex(
                                Indexes.ascending("siteId", "externalId"),
                                new IndexOptions().unique(true).name("site_external_unique")),
                        comments.createIndex(
                                Indexes.ascending("siteId", "authorId"), new IndexOptions().name("site_author")))
                .then();
    }

    /** The outcome of trying to claim a new comment. */
    sealed interface Claim {
        record Claimed() implements Claim {}

        record Existing(StoredComment comment) implements Claim {}
    }

    /** Inserts the comment in state {@code RECEIVED}; if it exists already, returns what is stored. */
    Mono<Claim> claim(CommentId id, SiteId site, ValidComment comment, String contentHash, Instant receivedAt) {
        Document doc = new Document("_id", id.asString())
                .append("siteId", site.value())
                .append("externalId", comment.externalId())
                .append("contentHash", contentHash)
                .append("state", StoredComment.RECEIVED)
                .append("postId", comment.postId())
                .append("authorId", comment.authorId())
                .append("receivedAt", Date.from(receivedAt))
                .append("decisionSequence", 0L);
        if (comment.authorEmailHash() != null) {
            doc.append("authorEmailHash", comment.authorEmailHash());
        }
        if (comment.ipPrefix() != null) {
            doc.append("ipPrefix", comment.ipPrefix());
        }
        return Mono.from(comments.insertOne(doc))
                .<Claim>thenReturn(new Claim.Claimed())
                .onErrorResume(
                        CommentStore::isDuplicateKey,
                        duplicate -> find(id).<Claim>map(Claim.Existing::new)
                                // deleted between the insert and the read (a failed publish released it): claim again
                                .switchIfEmpty(Mono.defer(() -> claim(id, site, comment, contentHash, receivedAt))));
    }

    /** Kafka acknowledged the comment: it is accepted. Never moves a decided comment back to PENDING. */
    Mono<Void> markPending(CommentId id) {
        return Mono.from(comments.updateOne(
                        Filters.and(Filters.eq("_id", id.asString()), Filters.eq("state", StoredComment.RECEIVED)),
                        Updates.set("state", StoredComment.PENDING)))
                .then();
    }

    /** Publishing failed: forget the claim, so nothing stored says the comment was accepted. */
    Mono<Void> release(CommentId id) {
        return Mono.from(comments.deleteOne(
                        Filters.and(Filters.eq("_id", id.asString()), Filters.eq("state", StoredComment.RECEIVED))))
                .then();
    }

    Mono<StoredComment> find(CommentId id) {
        return Mono.from(comments.find(Filters.eq("_id", id.asString())).first())
                .map(CommentStore::toStored);
    }

    /** The author of a comment of this site, if ingest has it (to fill {@code parentAuthorId}). */
    Mono<String> authorOf(SiteId site, CommentId id) {
        return Mono.from(
                        comments.find(Filters.and(Filters.eq("_id", id.asString()), Filters.eq("siteId", site.value())))
                                .first())
                .mapNotNull(doc -> doc.getString("authorId"));
    }

    /**
     * Applies a decision if it is newer than the one held (sequence), whatever order decisions arrive in.
     *
     * @return whether the stored comment changed
     */
    public Mono<Boolean> applyDecision(CommentDecided decided) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("decision", decided.decision().name());
        view.put("source", decided.source().name());
        view.put("scores", decided.scores());
        view.put("reasons", decided.reasons());
        view.put("decidedAt", decided.decidedAt());
        Document decision = Document.parse(EventJson.write(view));
        Bson newer = Filters.and(
                Filters.eq("_id", decided.commentId().asString()),
                Filters.eq("siteId", decided.siteId().value()),
                Filters.lt("decisionSequence", decided.sequence()));
        return Mono.from(comments.updateOne(
                        newer,
                        Updates.combine(
                                Updates.set("state", decided.decision().name()),
                                Updates.set("decisionSequence", decided.sequence()),
                                Updates.set("decision", decision))))
                .map(result -> result.getModifiedCount() > 0);
    }

    /** Erases what ingest holds about an author of a site: the author id, e-mail hash and IP prefix. */
    public Mono<Long> eraseAuthor(SiteId site, String authorId) {
        return Mono.from(comments.updateMany(
                        Filters.and(Filters.eq("siteId", site.value()), Filters.eq("authorId", authorId)),
                        Updates.combine(
                                Updates.unset("authorId"),
                                Updates.unset("authorEmailHash"),
                                Updates.unset("ipPrefix"),
                                Updates.set("authorErased", true))))
                .map(result -> result.getModifiedCount());
    }

    /** A bounded check that MongoDB answers, for health. */
    public Mono<Void> ping(Duration timeout) {
        return Mono.from(comments.countDocuments(Filters.eq("_id", "ping")))
                .then()
                .timeout(timeout);
    }

    private static boolean isDuplicateKey(Throwable e) {
        return e instanceof MongoWriteException write && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    @SuppressWarnings("unchecked")
    private static StoredComment toStored(Document doc) {
        Object decision = doc.get("decision");
        Number sequence = doc.get("decisionSequence", Number.class);
        return new StoredComment(
                doc.getString("_id"),
                doc.getString("siteId"),
                doc.getString("externalId"),
                doc.getString("contentHash"),
                doc.getString("state"),
                doc.getString("authorId"),
                sequence == null ? 0 : sequence.longValue(),
                decision instanceof Map<?, ?> map ? (Map<String, Object>) map : null);
    }
}
