package io.sherpa.moderation.pipeline;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
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
 * decisions, then what they change besides themselves (campaign bands, authors' records, the overview's
 * counts) and a last write that marks those done. A comment already decided is not scored again: if this is
 * the same submission event (a replay after a crash) its stored decision is sent again, and if the batch that
 * stored it failed before marking its effects done they are written now (an author's record counts a comment
 * once: a comment already in the author's history is not added again); otherwise (a duplicate submission)
 * nothing happens. A comment another consumer stored first (during a rebalance) is neither counted again nor
 * published with this consumer's decision: the stored decision is sent.
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
        List<Effects> unfinished = new ArrayList<>();
        for (CommentSubmitted event : batch.values()) {
            StoredComment existing = stored.get(event.commentId().asString());
            if (existing == null) {
                fresh.add(event);
            } else if (existing.submittedEventId().equals(event.eventId().asString())) {
                log.info("Re-sending the stored decision of {} (replayed submission)", event.commentId());
                send(existing.latest()); // consumers apply a decision only if its sequence is newer
                if (existing.effectsPending() != null) { // stored, then the batch failed before its other writes
                    NormalizedText text = TextNormalizer.normalize(event.text());
                    unfinished.add(
                            new Effects(event, existing.latest(), existing.effectsPending(), text, SimHash.of(text)));
                }
            }
        }
        if (fresh.isEmpty() && unfinished.isEmpty()) {
            return;
        }
        Set<String> authorKeys = new HashSet<>();
        fresh.forEach(e -> authorKeys.add(authorKey(e)));
        unfinished.forEach(e -> authorKeys.add(authorKey(e.event())));
        Map<String, AuthorRecord> storedAuthors = store.findAuthors(authorKeys);
        // what fresh comments are scored against: the stored records with the unfinished comments in them
        Map<String, AuthorRecord> authors = new HashMap<>(storedAuthors);
        withComments(authors, unfinished, new HashMap<>(), new ArrayList<>());

        List<Effects> decided = decide(fresh, authors);
        Set<String> inserted = store.insertDecisions(decided.stream()
                .map(d -> new ModerationStore.Decided(d.event(), d.decided()))
                .toList());
        List<Effects> effects = new ArrayList<>(unfinished);
        List<String> storedByOthers = new ArrayList<>();
        for (Effects d : decided) {
            if (inserted.contains(d.id())) {
                effects.add(d);
            } else { // another consumer stored it first (during a rebalance): its decision and effects stand
                storedByOthers.add(d.id());
            }
        }
        applyEffects(storedAuthors, effects);
        for (Effects d : decided) {
            if (inserted.contains(d.id())) {
                send(d.decided());
                metrics.decided(d.decided(), Duration.between(d.event().receivedAt(), clock.instant()));
            }
        }
        if (!storedByOthers.isEmpty()) {
            log.info(
                    "{} comments were decided by another consumer meanwhile; sending their stored decisions",
                    storedByOthers.size());
            store.findComments(storedByOthers).values().forEach(c -> send(c.latest()));
        }
    }

    /** Scores fresh comments in order: an author's earlier comment in the batch is part of their next one's history. */
    private List<Effects> decide(List<CommentSubmitted> fresh, Map<String, AuthorRecord> authors) {
        if (fresh.isEmpty()) {
            return List.of();
        }
        Set<String> sites = fresh.stream().map(e -> e.siteId().value()).collect(Collectors.toSet());
        Map<String, Policy> sitePolicies = policies.currentPolicies(sites);
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

        List<Effects> decided = new ArrayList<>();
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
                CampaignStore.Entry entry = campaignEntry(event, hash);
                for (String b : ids) { // later comments of this batch see this one
                    bands.computeIfAbsent(b, k -> new ArrayList<>()).add(entry);
                }
            }
            Models models = modelRegistry.forSite(event.siteId().value());
            Assessment assessment = scorer.assess(new ScoringInput(
                    toComment(event), history, policy, event.receivedAt(), models, lookalikes, texts.get(id)));
            assessment.failedSignals().forEach(metrics::signalFailed);
            CommentDecided decision = toDecision(event, assessment, policy, models, now);
            Effects effects = new Effects(event, decision, decision.decision(), texts.get(id), hash);
            decided.add(effects);
            withComments(authors, List.of(effects), new HashMap<>(), new ArrayList<>());
        }
        return decided;
    }

    /**
     * Writes what stored decisions change besides their comments, then clears their pending mark: campaign
     * entries (a lookalike seen twice counts once), authors' records (a comment already in its author's
     * recent history was counted by an earlier attempt and is not counted again) and the overview's counts
     * (best effort, only where the author's record was written now). A failure before the mark is cleared
     * leaves the comments pending, and the batch's retry finishes them.
     */
    private void applyEffects(Map<String, AuthorRecord> storedAuthors, List<Effects> effects) {
        if (effects.isEmpty()) {
            return;
        }
        campaigns.record(effects.stream()
                .filter(e -> e.hash() != 0)
                .map(e -> campaignEntry(e.event(), e.hash()))
                .toList());
        Map<String, AuthorRecord> authors = new HashMap<>(storedAuthors);
        Map<String, long[]> counts = new HashMap<>();
        List<Effects> counted = new ArrayList<>();
        withComments(authors, effects, counts, counted);
        store.updateAuthors(
                authors.entrySet().stream()
                        .filter(e -> counts.containsKey(e.getKey()))
                        .map(Map.Entry::getValue)
                        .toList(),
                counts);
        try { // the overview's counts are best effort: a retried batch would not count (nor decide) again
            decisionCounts.countAutomatic(counted.stream()
                    .map(Effects::decided)
                    .filter(d -> d.source() == DecisionSource.AUTOMATIC)
                    .toList());
        } catch (RuntimeException e) {
            log.warn(
                    "Decisions of {} comments stored but not counted for the overview: {}",
                    counted.size(),
                    e.toString());
        }
        store.effectsApplied(effects.stream().map(Effects::id).toList());
    }

    /**
     * Adds each comment to its author's record in {@code authors} (history, total) unless it is there already;
     * {@code counts} gets the automatic decisions added, {@code counted} the comments added.
     */
    private static void withComments(
            Map<String, AuthorRecord> authors,
            List<Effects> effects,
            Map<String, long[]> counts,
            List<Effects> counted) {
        for (Effects e : effects) {
            String key = authorKey(e.event());
            AuthorRecord author = authors.getOrDefault(key, AuthorRecord.none(key));
            AuthorHistory history = author.history();
            if (history.recent().stream().anyMatch(p -> p.commentId().equals(e.id()))) {
                continue;
            }
            List<AuthorHistory.PriorComment> recent = new ArrayList<>(history.recent());
            recent.add(new AuthorHistory.PriorComment(
                    e.id(), TextTokens.fingerprint(e.text()), e.event().receivedAt()));
            authors.put(
                    key,
                    new AuthorRecord(
                            key,
                            new AuthorHistory(history.total() + 1, recent),
                            author.approved(),
                            author.held(),
                            author.rejected()));
            counts.computeIfAbsent(key, k -> new long[3])[e.automatic().ordinal()]++;
            counted.add(e);
        }
    }

    private static CampaignStore.Entry campaignEntry(CommentSubmitted event, long hash) {
        return new CampaignStore.Entry(
                event.commentId().asString(), authorKey(event), event.siteId().value(), hash, event.receivedAt());
    }

    /**
     * A decided comment and what it changes besides itself: its author's record (by its automatic decision),
     * the campaign bands (by its text's hash), the overview's counts.
     */
    private record Effects(
            CommentSubmitted event, CommentDecided decided, Decision automatic, NormalizedText text, long hash) {
        String id() {
            return event.commentId().asString();
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
