package io.sherpa.moderation.pipeline;

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
import io.sherpa.common.events.Decision;
import io.sherpa.moderation.ModerationProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Decisions and overrides per site and minute, counted in MongoDB ({@code decision_counts}) so that the
 * dashboard's overview shows the same numbers whichever replica serves it, and the same after a restart.
 * One document per site and minute, {@code $inc}remented by every replica: {@code decisions.HELD_AUTOMATIC},
 * {@code overrides.HELD_APPROVED}. Documents expire after {@link #KEPT}.
 *
 * <p>A batch counts the decisions it stored after the authors' records are written, and a failure to count is
 * logged, not retried: a batch retried after a failure that came before the authors' records were written counts
 * its decisions then, one retried after that does not count them again. So a store failure at that one moment
 * loses that batch's count (the decisions are safe). A comment another consumer stored first (during a
 * rebalance) is counted by that consumer only. Prometheus' counters are the operators' figures, these the
 * moderators'.
 */
@Repository
public class DecisionCounts {

    /** How long a minute's counts are kept: the overview shows a day; a week leaves room to look back. */
    static final Duration KEPT = Duration.ofDays(8);

    private final MongoCollection<Document> counts;

    public DecisionCounts(MongoClient mongo, ModerationProperties settings) {
        this.counts = mongo.getDatabase(settings.database()).getCollection("decision_counts");
    }

    public Mono<Void> ensureIndexes() {
        return Flux.concat(
                        counts.createIndex(Indexes.ascending("site", "minute"), new IndexOptions().name("site_minute")),
                        counts.createIndex(
                                Indexes.ascending("minute"),
                                new IndexOptions().name("expiry").expireAfter(KEPT.toSeconds(), TimeUnit.SECONDS)))
                .then();
    }

    /** Counts a batch of automatic decisions (blocking: called on a listener thread). */
    public void countAutomatic(Collection<CommentDecided> decided) {
        Map<String, Map<String, Integer>> perMinute = new LinkedHashMap<>();
        Map<String, CommentDecided> example = new LinkedHashMap<>();
        for (CommentDecided d : decided) {
            String at = d.siteId().value() + "|" + minuteOf(d.decidedAt()).getEpochSecond();
            example.putIfAbsent(at, d);
            perMinute.computeIfAbsent(at, s -> new LinkedHashMap<>()).merge("decisions." + key(d), 1, Integer::sum);
        }
        if (perMinute.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        perMinute.forEach((at, increments) -> {
            CommentDecided d = example.get(at);
            writes.add(increment(d.siteId().value(), d.decidedAt(), increments));
        });
        Mono.from(counts.bulkWrite(writes, new BulkWriteOptions().ordered(false)))
                .block(ModerationStore.TIMEOUT);
    }

    /** Counts a moderator's decision that replaced {@code previous}. */
    public Mono<Void> countOverride(CommentDecided previous, CommentDecided next) {
        Map<String, Integer> increments = new LinkedHashMap<>();
        increments.put("decisions." + key(next), 1);
        increments.put(
                "overrides." + previous.decision().name() + "_"
                        + next.decision().name(),
                1);
        UpdateOneModel<Document> update = increment(next.siteId().value(), next.decidedAt(), increments);
        return Mono.from(counts.updateOne(update.getFilter(), update.getUpdate(), update.getOptions()))
                .then();
    }

    /** The minutes of {@code sites} from the minute of {@code since} on, oldest first. */
    public Flux<Minute> since(Collection<String> sites, Instant since) {
        since = minuteOf(since);
        return Flux.from(counts.find(Filters.and(Filters.in("site", sites), Filters.gte("minute", Date.from(since))))
                        .sort(new Document("minute", 1)))
                .map(DecisionCounts::toMinute);
    }

    /** One site's counts in one minute. */
    public record Minute(String site, Instant minute, List<DecisionCount> decisions, List<OverrideCount> overrides) {}

    public record DecisionCount(Decision decision, String source, long count) {}

    public record OverrideCount(Decision from, Decision to, long count) {}

    public static Instant minuteOf(Instant at) {
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 60) * 60);
    }

    private static String key(CommentDecided d) {
        return d.decision().name() + "_" + d.source().name();
    }

    private static UpdateOneModel<Document> increment(String site, Instant at, Map<String, Integer> increments) {
        Instant minute = minuteOf(at);
        List<org.bson.conversions.Bson> updates = new ArrayList<>();
        updates.add(Updates.setOnInsert("site", site));
        updates.add(Updates.setOnInsert("minute", Date.from(minute)));
        increments.forEach((field, by) -> updates.add(Updates.inc(field, by)));
        return new UpdateOneModel<>(
                Filters.eq("_id", site + "|" + minute.getEpochSecond()),
                Updates.combine(updates),
                new UpdateOptions().upsert(true));
    }

    private interface PairCount {
        void accept(String left, String right, long count);
    }

    /** Each count of the sub-document {@code field}, its key ({@code HELD_AUTOMATIC}) split at the first "_". */
    private static void counts(Document doc, String field, PairCount each) {
        Document counts = doc.get(field, Document.class);
        if (counts != null) {
            counts.forEach((key, value) -> {
                int split = key.indexOf('_');
                each.accept(key.substring(0, split), key.substring(split + 1), ((Number) value).longValue());
            });
        }
    }

    private static Minute toMinute(Document doc) {
        List<DecisionCount> decisions = new ArrayList<>();
        counts(
                doc,
                "decisions",
                (decision, source, n) -> decisions.add(new DecisionCount(Decision.valueOf(decision), source, n)));
        List<OverrideCount> overrides = new ArrayList<>();
        counts(
                doc,
                "overrides",
                (from, to, n) -> overrides.add(new OverrideCount(Decision.valueOf(from), Decision.valueOf(to), n)));
        return new Minute(doc.getString("site"), doc.getDate("minute").toInstant(), decisions, overrides);
    }
}
