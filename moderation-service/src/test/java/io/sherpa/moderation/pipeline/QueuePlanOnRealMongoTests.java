package io.sherpa.moderation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ExplainVerbosity;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.Decision;
import io.sherpa.moderation.ModerationProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;
import reactor.core.publisher.Mono;

/**
 * How a real MongoDB runs a queue page deep inside 10,000 held comments: on the {@code queue} index (or
 * {@code queue_by_reason}), in index order, without a blocking sort, reading about a page of documents — so
 * paging stays fast however long the queue. Skipped where no Docker engine runs; the embedded store used
 * elsewhere has no query planner to ask.
 */
@Testcontainers(disabledWithoutDocker = true)
class QueuePlanOnRealMongoTests {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:8.0.15");

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aDeepQueuePageReadsAnIndexInOrderWithoutSorting() {
        try (MongoClient client = MongoClients.create(MONGO.getReplicaSetUrl())) {
            ModerationStore store = new ModerationStore(
                    client, new ModerationProperties("sherpa_plan", null, List.of("demo"), Duration.ofSeconds(10), 50));
            store.ensureIndexes().block(WAIT);
            MongoCollection<Document> comments =
                    client.getDatabase("sherpa_plan").getCollection("comments");
            Instant first = Instant.parse("2026-01-01T00:00:00Z");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {
                String site = i < 10_000 ? "site-a" : "site-b";
                String decision = i % 7 == 0 ? "APPROVED" : "HELD";
                docs.add(new Document("_id", site + "-" + String.format("%05d", i))
                        .append("siteId", site)
                        .append("decision", decision)
                        .append("receivedAt", Date.from(first.plusSeconds(i / 2))) // pairs share a time
                        .append("latest", new Document("reasons", List.of(new Document("code", "CONTACT_INFO")))));
            }
            Mono.from(comments.insertMany(docs)).block(WAIT);
            ModerationStore.QueueCursor deep =
                    new ModerationStore.QueueCursor(first.plusSeconds(4_500), "site-a-09000");

            for (List<String> sites : List.of(List.of("site-a"), List.of("site-a", "site-b"))) {
                for (String reason : new String[] {null, "CONTACT_INFO"}) {
                    for (ModerationStore.QueueCursor cursor : new ModerationStore.QueueCursor[] {null, deep}) {
                        Document explained = Mono.from(store.queuePage(sites, Decision.HELD, reason, cursor, 50)
                                        .explain(Document.class, ExplainVerbosity.EXECUTION_STATS))
                                .block(WAIT);
                        Document winning =
                                explained.get("queryPlanner", Document.class).get("winningPlan", Document.class);
                        List<String> stages = new ArrayList<>();
                        List<String> indexes = new ArrayList<>();
                        walk(winning, stages, indexes);
                        String what = "sites " + sites + ", reason " + reason + ", cursor " + cursor + ": " + winning;
                        assertThat(stages).as(what).contains("IXSCAN").doesNotContain("SORT", "COLLSCAN");
                        assertThat(indexes).as(what).allMatch(name -> name.startsWith("queue"));
                        long examined = explained
                                .get("executionStats", Document.class)
                                .get("totalDocsExamined", Number.class)
                                .longValue();
                        assertThat(examined)
                                .as("documents read for one page: " + what)
                                .isLessThanOrEqualTo(200);
                    }
                }
            }
        }
    }

    /** Every {@code stage} and {@code indexName} in a plan (classic and slot-based plans alike). */
    private static void walk(Object node, List<String> stages, List<String> indexes) {
        if (node instanceof Document doc) {
            for (var entry : doc.entrySet()) {
                if (entry.getKey().equals("stage") && entry.getValue() instanceof String stage) {
                    stages.add(stage);
                } else if (entry.getKey().equals("indexName") && entry.getValue() instanceof String index) {
                    indexes.add(index);
                } else {
                    walk(entry.getValue(), stages, indexes);
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                walk(item, stages, indexes);
            }
        }
    }
}
