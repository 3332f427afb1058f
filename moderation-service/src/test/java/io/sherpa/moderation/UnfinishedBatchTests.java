package io.sherpa.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.reactivestreams.client.MongoClient;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topics;
import io.sherpa.moderation.learning.ModelRegistry;
import io.sherpa.moderation.pipeline.AuthorRecord;
import io.sherpa.moderation.pipeline.CampaignStore;
import io.sherpa.moderation.pipeline.DecisionCounts;
import io.sherpa.moderation.pipeline.FaultyStores;
import io.sherpa.moderation.pipeline.ModerationMetrics;
import io.sherpa.moderation.pipeline.ModerationPipeline;
import io.sherpa.moderation.pipeline.ModerationStore;
import io.sherpa.moderation.pipeline.StoredComment;
import io.sherpa.moderation.policy.PolicyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A batch is decided in several store writes: the decisions, then the campaign bands, the authors' records
 * and the overview's counts. These tests put a fault between them, over the real MongoDB wire protocol and in
 * a real Kafka transaction, and retry the batch as the listener container does: every comment must end up in
 * its author's record and the overview exactly once.
 */
class UnfinishedBatchTests extends RunningService {

    @Autowired
    private MongoClient mongo;

    @Autowired
    private ModerationProperties settings;

    @Autowired
    private PolicyStore policies;

    @Autowired
    private KafkaTemplate<String, String> kafka;

    @Autowired
    private ModerationMetrics metrics;

    @Autowired
    private CampaignStore campaigns;

    @Autowired
    private ModelRegistry models;

    @Autowired
    private DecisionCounts decisionCounts;

    @Test
    void aBatchThatFailedAfterStoringItsDecisionsCountsItsAuthorsWhenRetried() {
        String site = "unfinished-batch";
        Instant since = Instant.now();
        List<ConsumerRecord<String, String>> batch = records(
                Events.aComment(site, "u1", "erin", "Thanks, the second half of this post fixed my build."),
                Events.aComment(site, "u2", "erin", "Same here on Windows, the path separator was the issue."),
                Events.aComment(site, "u3", "farid", "Does this also work with the older compiler version?"));
        ModerationStore store = FaultyStores.failingAuthorWrites(mongo, settings, 1);
        ModerationPipeline pipeline = pipeline(store);

        assertThatThrownBy(() -> inTransaction(pipeline, batch)).hasMessageContaining("test fault");
        StoredComment first = store.findComment(id(batch, 0)).block(Duration.ofSeconds(5));
        assertThat(first).as("the decision was stored before the fault").isNotNull();
        assertThat(first.effectsPending()).isEqualTo(Decision.APPROVED);
        assertThat(store.findAuthor(site + "/erin").blockOptional(Duration.ofSeconds(5)))
                .isEmpty();

        inTransaction(pipeline, batch); // the container's retry of the same records
        inTransaction(pipeline, batch); // and a replay after that changes nothing

        AuthorRecord erin = store.findAuthor(site + "/erin").block(Duration.ofSeconds(5));
        assertThat(erin.history().total()).isEqualTo(2);
        assertThat(erin.history().recent()).hasSize(2);
        assertThat(erin.approved()).isEqualTo(2);
        AuthorRecord farid = store.findAuthor(site + "/farid").block(Duration.ofSeconds(5));
        assertThat(farid.history().total()).isEqualTo(1);
        assertThat(farid.approved()).isEqualTo(1);
        assertThat(overview(site, since)).containsEntry("APPROVED_AUTOMATIC", 3L);
        assertThat(store.findComment(id(batch, 0)).block(Duration.ofSeconds(5)).effectsPending())
                .isNull();
    }

    @Test
    void aConsumerThatDecidedCommentsAnotherConsumerStoredFirstCountsThemNoMore() {
        String site = "stored-by-another";
        Instant since = Instant.now();
        List<ConsumerRecord<String, String>> batch = records(
                Events.aComment(site, "z1", "gia", "Great write-up, I shared it with my team."),
                Events.aComment(site, "z2", "gia", "One more thing: the link to part two is broken."));
        inTransaction(pipeline(new ModerationStore(mongo, settings)), batch);

        // a second consumer that looked at the store just before the first one wrote, during a rebalance
        inTransaction(pipeline(FaultyStores.lookingTooEarly(mongo, settings)), batch);

        ModerationStore store = new ModerationStore(mongo, settings);
        AuthorRecord gia = store.findAuthor(site + "/gia").block(Duration.ofSeconds(5));
        assertThat(gia.history().total()).isEqualTo(2);
        assertThat(gia.approved()).isEqualTo(2);
        assertThat(overview(site, since)).containsEntry("APPROVED_AUTOMATIC", 2L);
    }

    private ModerationPipeline pipeline(ModerationStore store) {
        return new ModerationPipeline(store, policies, kafka, metrics, campaigns, models, decisionCounts);
    }

    private void inTransaction(ModerationPipeline pipeline, List<ConsumerRecord<String, String>> batch) {
        kafka.executeInTransaction(t -> {
            pipeline.process(batch);
            return null;
        });
    }

    private Map<String, Long> overview(String site, Instant since) {
        Map<String, Long> totals = new TreeMap<>();
        decisionCounts
                .since(List.of(site), since)
                .toStream()
                .forEach(m -> m.decisions()
                        .forEach(d -> totals.merge(d.decision() + "_" + d.source(), d.count(), Long::sum)));
        return totals;
    }

    private static List<ConsumerRecord<String, String>> records(CommentSubmitted... events) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            records.add(new ConsumerRecord<>(
                    Topics.COMMENTS_SUBMITTED.name(), 0, i, events[i].partitionKey(), EventJson.write(events[i])));
        }
        return records;
    }

    private static String id(List<ConsumerRecord<String, String>> batch, int i) {
        return EventJson.read(batch.get(i).value(), CommentSubmitted.class)
                .commentId()
                .asString();
    }
}
