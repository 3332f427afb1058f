package io.sherpa.ingest.comments;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
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
        return Mono.from(comments.insertOne(claimOf(id, site, comment, contentHash, receivedAt)))
                .<Claim>thenReturn(new Claim.Claimed())
                .onErrorResume(
                        CommentStore::isDuplicateKey,
                        duplicate -> find(id).<Claim>map(Claim.Existing::new)
                                // deleted between the insert and the read (a failed publish released it): claim again
                                .switchIfEmpty(Mono.defer(() -> claim(id, site, comment, contentHash, receivedAt))));
    }

    private static Document claimOf(
            CommentId id, SiteId site, ValidComment comment, String contentHash, Instant receivedAt) {
        Document doc = new Document("_id", id.asString())
                .append("siteId", site.value())
                .append("externalId", comment.externalId())
                .append("contentHash", contentHash)
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
        return doc;
    }

    /**
     * Kafka acknowledged the comment: it is accepted. A flag of its own, so it can never overwrite a decision
     * that arrived first. The claim is written again if it is gone: two requests for the same comment (a
     * client's retry while the first publish is slow) publish side by side, and the one whose publish failed
     * releases the claim that the other's success still needs. (Every hot-path query and update filters on
     * {@code _id} alone, the one index the embedded store of local runs uses for filters; real MongoDB would
     * use it for richer filters too.)
     */
    Mono<Void> markAccepted(CommentId id, SiteId site, ValidComment comment, String contentHash, Instant receivedAt) {
        List<Bson> claim = new ArrayList<>();
        claimOf(id, site, comment, contentHash, receivedAt).forEach((field, value) -> {
            if (!field.equals("_id")) {
                claim.add(Updates.setOnInsert(field, value));
            }
        });
        claim.add(Updates.set("accepted", true));
        return Mono.from(comments.updateOne(
                        Filters.eq("_id", id.asString()), Updates.combine(claim), new UpdateOptions().upsert(true)))
                .then();
    }

    /**
     * Publishing failed: forget the claim, so nothing stored says the comment was accepted. One conditional
     * delete, so a claim another request's publish has just marked accepted is never removed.
     */
    Mono<Void> release(CommentId id) {
        return Mono.from(
                        comments.deleteOne(Filters.and(Filters.eq("_id", id.asString()), Filters.ne("accepted", true))))
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
     * Records decisions, whatever order they arrive in and however often: each is kept under its sequence
     * and {@code decisionSequence} only ever grows ({@code $max}), so the status shown is always the newest
     * decision. One bulk write per batch, by {@code _id} only.
     */
    public Mono<Void> applyDecisions(List<CommentDecided> batch) {
        if (batch.isEmpty()) {
            return Mono.empty();
        }
        List<WriteModel<Document>> writes = new ArrayList<>(batch.size());
        for (CommentDecided decided : batch) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("decision", decided.decision().name());
            view.put("source", decided.source().name());
            view.put("scores", decided.scores());
            view.put("reasons", decided.reasons());
            view.put("decidedAt", decided.decidedAt());
            writes.add(new UpdateOneModel<>(
                    Filters.eq("_id", decided.commentId().asString()),
                    Updates.combine(
                            Updates.set("decisions." + decided.sequence(), Document.parse(EventJson.write(view))),
                            Updates.max("decisionSequence", decided.sequence()))));
        }
        return Mono.from(comments.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .then();
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
        Number sequence = doc.get("decisionSequence", Number.class);
        Object decisions = doc.get("decisions");
        Object decision = sequence == null || !(decisions instanceof Map<?, ?> all)
                ? null
                : all.get(Long.toString(sequence.longValue()));
        return new StoredComment(
                doc.getString("_id"),
                doc.getString("siteId"),
                doc.getString("externalId"),
                doc.getString("contentHash"),
                decision instanceof Map<?, ?> d ? String.valueOf(d.get("decision")) : StoredComment.RECEIVED,
                doc.getString("authorId"),
                Boolean.TRUE.equals(doc.getBoolean("accepted")),
                sequence == null ? 0 : sequence.longValue(),
                decision instanceof Map<?, ?> map ? (Map<String, Object>) map : null);
    }
}
