package io.sherpa.moderation.learning;

import com.mongodb.MongoWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
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

    /** The newest examples of a site that a training uses; older ones have been outweighed by then. */
    static final int MAX_EXAMPLES = 50_000;

    private final MongoCollection<Document> examples;
    private final MongoCollection<Document> models;

    public ModelStore(MongoClient mongo, ModerationProperties settings) {
        var db = mongo.getDatabase(settings.database());
        this.examples = db.getCollection("training_examples");
        this.models = db.getCollection("models");
    }

    public Mono<Void> ensureIndexes() {
        return Mono.from(examples.createIndex(Indexes.ascending("siteId"), new IndexOptions().name("site")))
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

    /** Erasure: deletes every lesson taken from the author's comments; returns how many there were. */
    public long forgetAuthor(String authorKey) {
        var deleted = Mono.from(examples.deleteMany(Filters.eq("authorKey", authorKey)))
                .block(TIMEOUT);
        return deleted == null ? 0 : deleted.getDeletedCount();
    }

    public List<StoredExample> examplesOf(String siteId) {
        List<StoredExample> found = new ArrayList<>();
        Flux.from(examples.find(Filters.eq("siteId", siteId)))
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
        found.sort((a, b) -> b.at().compareTo(a.at()));
        return found.size() > MAX_EXAMPLES ? found.subList(0, MAX_EXAMPLES) : found;
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
