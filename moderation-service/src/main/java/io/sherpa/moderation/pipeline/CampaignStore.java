package io.sherpa.moderation.pipeline;

import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.moderation.ModerationProperties;
import io.sherpa.moderation.scoring.ScoringInput;
import io.sherpa.moderation.scoring.SimHash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Near-duplicate lookup shared by every replica ({@code campaign_bands}). Each comment's {@link SimHash} is
 * split into four 16-bit bands; a document per band value keeps the latest comments that had it. Two texts
 * within {@link SimHash#MAX_DISTANCE} bits share a band, so looking up a comment's four band documents (by
 * {@code _id}) finds every near-duplicate still kept. Appends are atomic {@code $push}es capped at
 * {@link #KEPT} per band, so concurrent consumers lose nothing but the oldest entries.
 */
@Repository
public class CampaignStore {

    static final int KEPT = 50;

    private final MongoCollection<Document> bands;

    public CampaignStore(MongoClient mongo, ModerationProperties settings) {
        this.bands = mongo.getDatabase(settings.database()).getCollection("campaign_bands");
    }

    /** One comment's fingerprint as stored. */
    public record Entry(String commentId, String authorKey, String siteId, long hash, Instant at) {}

    static List<String> bandIds(long hash) {
        List<String> ids = new ArrayList<>(SimHash.BANDS);
        for (int b = 0; b < SimHash.BANDS; b++) {
            ids.add(b + ":" + SimHash.band(hash, b));
        }
        return ids;
    }

    /** The entries kept under each of the given band ids. */
    Map<String, List<Entry>> find(Set<String> ids) {
        Map<String, List<Entry>> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Flux.from(bands.find(Filters.in("_id", ids)))
                .doOnNext(doc -> {
                    List<Entry> entries = new ArrayList<>();
                    for (Document e : doc.getList("items", Document.class, List.of())) {
                        entries.add(new Entry(
                                e.getString("c"),
                                e.getString("a"),
                                e.getString("s"),
                                e.getLong("h"),
                                e.getDate("t").toInstant()));
                    }
                    found.put(doc.getString("_id"), entries);
                })
                .then()
                .block(ModerationStore.TIMEOUT);
        return found;
    }

    void record(Collection<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        Map<String, List<Document>> byBand = new LinkedHashMap<>();
        for (Entry e : entries) {
            Document item = new Document("c", e.commentId())
                    .append("a", e.authorKey())
                    .append("s", e.siteId())
                    .append("h", e.hash())
                    .append("t", Date.from(e.at()));
            for (String id : bandIds(e.hash())) {
                byBand.computeIfAbsent(id, k -> new ArrayList<>()).add(item);
            }
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        byBand.forEach((id, items) -> writes.add(new UpdateOneModel<>(
                Filters.eq("_id", id),
                Updates.pushEach("items", items, new PushOptions().slice(-KEPT)),
                new UpdateOptions().upsert(true))));
        Mono.from(bands.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(ModerationStore.TIMEOUT);
    }

    /** Erasure: the author's fingerprints leave every band (a scan: erasures are rare, bands are small). */
    public void forget(String authorKey) {
        Mono.from(bands.updateMany(
                        Filters.eq("items.a", authorKey), Updates.pull("items", new Document("a", authorKey))))
                .block(ModerationStore.TIMEOUT);
    }

    /** The near-duplicates of {@code hash} among {@code candidates} (each comment once). */
    static List<ScoringInput.Lookalike> lookalikes(long hash, String commentId, Collection<List<Entry>> candidates) {
        Map<String, ScoringInput.Lookalike> found = new LinkedHashMap<>();
        for (List<Entry> band : candidates) {
            for (Entry e : band) {
                int distance = SimHash.distance(hash, e.hash());
                if (distance <= SimHash.MAX_DISTANCE && !e.commentId().equals(commentId)) {
                    found.putIfAbsent(
                            e.commentId(),
                            new ScoringInput.Lookalike(e.commentId(), e.authorKey(), e.siteId(), e.at(), distance));
                }
            }
        }
        return new ArrayList<>(found.values());
    }
}
