package io.sherpa.moderation.pipeline;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Keys;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.json.EventFormatException;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topics;
import io.sherpa.moderation.learning.ModelRegistry;
import io.sherpa.moderation.policy.Policy;
import io.sherpa.moderation.policy.PolicyStore;
import io.sherpa.moderation.scoring.Assessment;
import io.sherpa.moderation.scoring.AuthorHistory;
import io.sherpa.moderation.scoring.Comment;
import io.sherpa.moderation.scoring.Scorer;
import io.sherpa.moderation.scoring.ScoringInput;
import io.sherpa.moderation.scoring.Signals;
import io.sherpa.moderation.scoring.SimHash;
import io.sherpa.moderation.scoring.TextTokens;
import io.sherpa.moderation.scoring.model.Models;
import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Service;

/**
 * Decides one batch of submitted comments. Called inside the listener container's Kafka transaction, so
 * the decisions it sends, the dead letters and the consumed offsets commit together or not at all.
 *
 * <p>Per batch: one read of stored comments, policies and author histories; comments scored in order (an
 * author's earlier comment in the same batch is part of the history of their next); one bulk write of
 * decisions, one of histories. A comment already decided is not scored again: if this is the same
 * submission event (a replay after a crash) its stored decision is sent again, otherwise (a duplicate
 * submission) nothing happens.
 */
@Service
public class ModerationPipeline {

    private static final Logger log = LoggerFactory.getLogger(ModerationPipeline.class);
    static final int EXCERPT = 280;

    private final ModerationStore store;
    private final PolicyStore policies;
    private final KafkaTemplate<String, String> kafka;
    private final ModerationMetrics metrics;
    private final CampaignStore campaigns;
    private final DecisionCounts decisionCounts;
    private final ModelRegistry modelRegistry;
    private final Scorer scorer = new Scorer(Signals.standard());
    private final Clock clock = Clock.systemUTC();

    public ModerationPipeline(
            ModerationStore store,
            PolicyStore policies,
            KafkaTemplate<String, String> kafka,
            ModerationMetrics metrics,
            CampaignStore campaigns,
            ModelRegistry modelRegistry,
            DecisionCounts decisionCounts) {
        this.store = store;
        this.decisionCounts = decisionCounts;
        this.campaigns = campaigns;
        this.modelRegistry = modelRegistry;
        this.policies = policies;
        this.kafka = kafka;
        this.metrics = metrics;
    }

    public void process(List<ConsumerRecord<String, String>> records) {
        Map<String, CommentSubmitted> batch = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                CommentSubmitted event = EventJson.read(record.value(), CommentSubmitted.class);
                batch.putIfAbsent(event.commentId().asString(), event);
            } catch (EventFormatException unreadable) {
                deadLetter(record, unreadable);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        Map<String, StoredComment> stored = store.findComments(batch.keySet());
        List<CommentSubmitted> fresh = new ArrayList<>();
        for (CommentSubmitted event : batch.values()) {
            StoredComment existing = stored.get(event.commentId().asString());
            if (existing == null) {
                fresh.add(event);
            } else if (existing.submittedEventId().equals(event.eventId().asString())) {
                log.info("Re-sending the stored decision of {} (replayed submission)", event.commentId());
                send(existing.latest()); // consumers apply a decision only if its sequence is newer
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        Set<String> sites = fresh.stream().map(e -> e.siteId().value()).collect(Collectors.toSet());
        Map<String, Policy> sitePolicies = policies.currentPolicies(sites);
        Set<String> authorKeys =
                fresh.stream().map(ModerationPipeline::authorKey).collect(Collectors.toSet());
        Map<String, AuthorRecord> authors = new HashMap<>(store.findAuthors(authorKeys));
        Map<String, long[]> counts = new HashMap<>();
        Instant now = clock.instant();
        Map<String, NormalizedText> texts = new HashMap<>();
        Map<String, Long> hashes = new HashMap<>();
        Set<String> bandIds = new HashSet<>();
        for (CommentSubmitted event : fresh) {
            NormalizedText normalized = TextNormalizer.normalize(event.text());
            long hash = SimHash.of(normalized);
            texts.put(event.commentId().asString(), normalized);
            hashes.put(event.commentId().asString(), hash);
            if (hash != 0) {
                bandIds.addAll(CampaignStore.bandIds(hash));
            }
        }
        Map<String, List<CampaignStore.Entry>> bands = new HashMap<>(campaigns.find(bandIds));
        List<CampaignStore.Entry> newEntries = new ArrayList<>();

        List<ModerationStore.Decided> decided = new ArrayList<>();
        for (CommentSubmitted event : fresh) {
            String key = authorKey(event);
            AuthorRecord author = authors.getOrDefault(key, AuthorRecord.none(key));
            AuthorHistory known =
                    withoutComment(author.history(), event.commentId().asString());
            AuthorHistory history = new AuthorHistory(
                    known.total(), author.approved(), author.held() + author.rejected(), known.recent());
            Policy policy = sitePolicies.get(event.siteId().value());
            String id = event.commentId().asString();
            long hash = hashes.get(id);
            List<ScoringInput.Lookalike> lookalikes = List.of();
            if (hash != 0) {
                List<String> ids = CampaignStore.bandIds(hash);
                lookalikes = CampaignStore.lookalikes(
                        hash,
                        id,
                        ids.stream().map(b -> bands.getOrDefault(b, List.of())).toList());
                CampaignStore.Entry entry =
                        new CampaignStore.Entry(id, key, event.siteId().value(), hash, event.receivedAt());
                newEntries.add(entry);
                for (String b : ids) { // later comments of this batch see this one
                    bands.computeIfAbsent(b, k -> new ArrayList<>()).add(entry);
                }
            }
            Models models = modelRegistry.forSite(event.siteId().value());
            Assessment assessment = scorer.assess(new ScoringInput(
                    toComment(event), history, policy, event.receivedAt(), models, lookalikes, texts.get(id)));
            assessment.failedSignals().forEach(metrics::signalFailed);
            CommentDecided decision = toDecision(event, assessment, policy, models, now);
            decided.add(new ModerationStore.Decided(event, decision));

            List<AuthorHistory.PriorComment> recent = new ArrayList<>(history.recent());
            recent.add(new AuthorHistory.PriorComment(
                    event.commentId().asString(),
                    TextTokens.fingerprint(texts.get(event.commentId().asString())),
                    event.receivedAt()));
            authors.put(
                    key,
                    new AuthorRecord(
                            key,
                            new AuthorHistory(history.total() + 1, recent),
                            author.approved(),
                            author.held(),
                            author.rejected()));
            counts.computeIfAbsent(key, k -> new long[3])[decision.decision().ordinal()]++;
        }
        store.insertDecisions(decided);
        campaigns.record(newEntries);
        store.updateAuthors(
                authors.entrySet().stream()
                        .filter(e -> counts.containsKey(e.getKey()))
                        .map(Map.Entry::getValue)
                        .toList(),
                counts);
        try { // the overview's counts are best effort: a retried batch would not count (nor decide) again
            decisionCounts.countAutomatic(
                    decided.stream().map(ModerationStore.Decided::decided).toList());
        } catch (RuntimeException e) {
            log.warn(
                    "Decisions of {} comments stored but not counted for the overview: {}",
                    decided.size(),
                    e.toString());
        }
        for (ModerationStore.Decided d : decided) {
            send(d.decided());
            metrics.decided(d.decided(), Duration.between(d.submitted().receivedAt(), clock.instant()));
        }
    }

    private void send(CommentDecided decided) {
        kafka.send(Topics.COMMENTS_DECIDED.name(), decided.partitionKey(), EventJson.write(decided));
    }

    private void deadLetter(ConsumerRecord<String, String> record, Exception error) {
        log.warn(
                "Unreadable record {}-{}@{} sent to the DLT: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                error.getMessage());
        ProducerRecord<String, String> dead =
                new ProducerRecord<>(record.topic() + ".DLT", record.partition(), record.key(), record.value());
        dead.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        KafkaHeaders.DLT_ORIGINAL_PARTITION,
                        Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        KafkaHeaders.DLT_ORIGINAL_OFFSET,
                        Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(KafkaHeaders.DLT_EXCEPTION_FQCN, error.getClass().getName().getBytes(StandardCharsets.UTF_8));
        dead.headers()
                .add(
                        KafkaHeaders.DLT_EXCEPTION_MESSAGE,
                        String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8));
        kafka.send(dead);
        metrics.deadLettered(record.topic());
    }

    static String authorKey(CommentSubmitted event) {
        return Keys.siteAuthor(event.siteId(), event.author().id());
    }

    private static AuthorHistory withoutComment(AuthorHistory history, String commentId) {
        if (history.recent().stream().noneMatch(p -> p.commentId().equals(commentId))) {
            return history;
        }
        return new AuthorHistory(
                Math.max(0, history.total() - 1),
                history.recent().stream()
                        .filter(p -> !p.commentId().equals(commentId))
                        .toList());
    }

    private static Comment toComment(CommentSubmitted e) {
        return new Comment(
                e.commentId().asString(),
                e.siteId().value(),
                e.author().id(),
                e.author().name(),
                e.text(),
                e.postId(),
                e.receivedAt());
    }

    private static CommentDecided toDecision(
            CommentSubmitted e, Assessment a, Policy policy, Models models, Instant now) {
        return new CommentDecided(
                EventId.random(),
                e.commentId(),
                e.siteId(),
                e.postId(),
                e.postAuthorId(),
                e.parentCommentId(),
                e.parentAuthorId(),
                e.author().id(),
                e.author().name(),
                excerpt(e.text()),
                a.decision(),
                DecisionSource.AUTOMATIC,
                null,
                1,
                a.scores(),
                a.reasons(),
                a.firstTimeAuthor(),
                Long.toString(policy.version()),
                models.version(),
                e.submittedAt(),
                now);
    }

    static String excerpt(String text) {
        if (text.length() <= EXCERPT) {
            return text;
        }
        int cut = EXCERPT;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) {
            cut--;
        }
        return text.substring(0, cut) + "…";
    }
}
