package io.sherpa.moderation.learning;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.scoring.model.LinearModel;
import io.sherpa.moderation.scoring.model.Models;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code training_examples} (what each site taught: text, label, category, source) and {@code models} (one
 * document per site: its version and both models' weights). Blocking methods: called from the trainer's
 * and the refresher's own threads, never from an event loop.
 */
@Repository
public class ModelStore {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /**
     * The newest examples of a site that a training uses (moderators' lessons before uploaded rows); older ones
     * have been outweighed by then. Also the most rows one upload may hold.
     */
    public static final int MAX_EXAMPLES = 50_000;

    /** Examples per bulk write: a large upload is stored in steps, each well within the timeout. */
    static final int WRITE_CHUNK = 1_000;

    static final String MODERATOR = "MODERATOR";

    private final MongoCollection<Document> examples;
    private final MongoCollection<Document> models;
    private final MongoCollection<Document> requests;

    public ModelStore(MongoClient mongo, ModerationProperties settings) {
        var db = mongo.getDatabase(settings.database());
        this.examples = db.getCollection("training_examples");
        this.models = db.getCollection("models");
        this.requests = db.getCollection("training_requests");
    }

    public Mono<Void> ensureIndexes() {
        return Flux.concat(
                        examples.createIndex(
                                Indexes.compoundIndex(Indexes.ascending("siteId"), Indexes.descending("at")),
                                new IndexOptions().name("site_newest")),
                        // an erasure deletes an author's lessons by this field
                        examples.createIndex(Indexes.ascending("authorKey"), new IndexOptions().name("author")))
                .then();
    }

    /** One labelled text a site taught; {@code id} makes a repeated lesson replace the earlier one. */
    public record StoredExample(
            String id,
            String siteId,
            String category,
            String text,
            boolean positive,
            double weight,
            String source,
            String authorKey,
            Instant at) {}

    public void saveExamples(List<StoredExample> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (int from = 0; from < batch.size(); from += WRITE_CHUNK) {
            saveChunk(batch.subList(from, Math.min(batch.size(), from + WRITE_CHUNK)));
        }
    }

    private void saveChunk(List<StoredExample> batch) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (StoredExample e : batch) {
            Document doc = new Document("_id", e.id())
                    .append("siteId", e.siteId())
                    .append("category", e.category())
                    .append("text", e.text())
                    .append("positive", e.positive())
                    .append("weight", e.weight())
                    .append("source", e.source())
                    .append("authorKey", e.authorKey())
                    .append("at", Date.from(e.at()));
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", e.id()), doc, new ReplaceOptions().upsert(true)));
        }
        Mono.from(examples.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(TIMEOUT);
    }

    /** Whether any lesson was taken from the author's comments. */
    public boolean taughtBy(String authorKey) {
        return Boolean.TRUE.equals(Mono.from(examples.find(Filters.eq("authorKey", authorKey))
                        .projection(Projections.include("_id"))
                        .first())
                .hasElement()
                .block(TIMEOUT));
    }

    /** Erasure: deletes every lesson taken from the author's comments; returns how many there were. */
    public long forgetAuthor(String authorKey) {
        var deleted = Mono.from(examples.deleteMany(Filters.eq("authorKey", authorKey)))
                .block(TIMEOUT);
        return deleted == null ? 0 : deleted.getDeletedCount();
    }

    /**
     * The examples a training of the site uses: its moderators' newest lessons, then its newest uploaded rows, at
     * most {@link #MAX_EXAMPLES} in all, read newest first so older ones are never loaded.
     */
    public List<StoredExample> examplesOf(String siteId) {
        List<StoredExample> found = new ArrayList<>();
        read(Filters.and(Filters.eq("siteId", siteId), Filters.eq("source", MODERATOR)), MAX_EXAMPLES, found);
        read(
                Filters.and(Filters.eq("siteId", siteId), Filters.ne("source", MODERATOR)),
                MAX_EXAMPLES - found.size(),
                found);
        return found;
    }

    private void read(Bson filter, int limit, List<StoredExample> found) {
        if (limit <= 0) {
            return;
        }
        Flux.from(examples.find(filter).sort(Sorts.descending("at")).limit(limit))
                .doOnNext(d -> found.add(new StoredExample(
                        d.getString("_id"),
                        d.getString("siteId"),
                        d.getString("category"),
                        d.getString("text"),
                        Boolean.TRUE.equals(d.getBoolean("positive")),
                        d.get("weight") instanceof Number n ? n.doubleValue() : 1.0,
                        d.getString("source"),
                        d.getString("authorKey"),
                        d.getDate("at") == null
                                ? Instant.EPOCH
                                : d.getDate("at").toInstant())))
                .then()
                .block(TIMEOUT);
    }

    /**
     * Notes that the site's models should be trained again, so a request outlives a replica that stops, or a
     * training that fails, before it is done ({@link #trainingDone}, {@link #trainingsOverdue}).
     */
    public void requestTraining(String siteId, Instant at) {
        Mono.from(requests.updateOne(
                        Filters.eq("_id", siteId),
                        Updates.max("requestedAt", Date.from(at)),
                        new UpdateOptions().upsert(true)))
                .block(TIMEOUT);
    }

    /** A training that read the site's examples at {@code readFrom} answers every request made before then. */
    public void trainingDone(String siteId, Instant readFrom) {
        Mono.from(requests.deleteOne(
                        Filters.and(Filters.eq("_id", siteId), Filters.lte("requestedAt", Date.from(readFrom)))))
                .block(TIMEOUT);
    }

    /** Sites whose training was asked for before {@code before} and is still not done. */
    public List<String> trainingsOverdue(Instant before) {
        List<String> sites = new ArrayList<>();
        Flux.from(requests.find(Filters.lt("requestedAt", Date.from(before))).limit(1_000))
                .doOnNext(d -> sites.add(d.getString("_id")))
                .then()
                .block(TIMEOUT);
        return sites;
    }

    /** Every site's model version (a small read: no weights). */
    public Map<String, Long> versions() {
        Map<String, Long> found = new HashMap<>();
        Flux.from(models.find().projection(Projections.include("version")))
                .doOnNext(d -> found.put(d.getString("_id"), d.getLong("version")))
                .then()
                .block(TIMEOUT);
        return found;
    }

    public Optional<SiteModels> load(String siteId) {
        Document d = Mono.from(models.find(Filters.eq("_id", siteId)).first()).block(TIMEOUT);
        if (d == null) {
            return Optional.empty();
        }
        long version = d.getLong("version");
        Models loaded = new Models(
                siteId + "-" + version,
                LinearModel.fromBytes(d.get("spam", Binary.class).getData()),
                LinearModel.fromBytes(d.get("toxicity", Binary.class).getData()));
        return Optional.of(new SiteModels(
                siteId,
                version,
                loaded,
                d.getInteger("examples", 0),
                d.getDate("trainedAt").toInstant()));
    }

    /**
     * Saves a newly trained version unless a newer one is already stored (another replica trained in the
     * meantime): then false, and the caller trains again from the newer state.
     */
    public boolean save(String siteId, long version, Models trained, int exampleCount, Instant at) {
        Document doc = new Document("_id", siteId)
                .append("version", version)
                .append("spam", new Binary(trained.spam().toBytes()))
                .append("toxicity", new Binary(trained.toxicity().toBytes()))
                .append("examples", exampleCount)
                .append("trainedAt", Date.from(at));
        try {
            Mono.from(models.replaceOne(
                            Filters.and(Filters.eq("_id", siteId), Filters.lt("version", version)),
                            doc,
                            new ReplaceOptions().upsert(true)))
                    .block(TIMEOUT);
            return true;
        } catch (MongoWriteException duplicate) {
            if (duplicate.getError().getCode() == 11000) {
                return false;
            }
            throw duplicate;
        }
    }

    /** A site's loaded models with what they were trained from. */
    public record SiteModels(String siteId, long version, Models models, int examples, Instant trainedAt) {}
}
