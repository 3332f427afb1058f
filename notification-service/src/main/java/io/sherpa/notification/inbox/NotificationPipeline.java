package io.sherpa.notification.inbox;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.json.EventFormatException;
import io.sherpa.common.json.EventJson;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.people.ErasedAuthors;
import io.sherpa.notification.people.PeopleStore;
import io.sherpa.notification.recipients.ApprovedComment;
import io.sherpa.notification.recipients.Intent;
import io.sherpa.notification.recipients.Kind;
import io.sherpa.notification.recipients.Mentor;
import io.sherpa.notification.recipients.NotificationRules;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns decisions into notifications. Applies a decision only if its sequence is newer than the one held
 * (idempotent, order-safe); a comment becoming APPROVED notifies, an approved comment becoming anything
 * else withdraws what it notified. Notification ids are derived from (recipient, comment, kind), so a
 * redelivered or replayed decision can never notify twice. A comment of an erased author is stored and
 * notified with the marker instead of their name and text; an erased person gets no new notifications.
 */
@Service
public class NotificationPipeline {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final CommentViewStore view;
    private final NotificationStore notifications;
    private final PeopleStore people;
    private final NotificationMetrics metrics;
    private final InboxEvents inbox;
    private final ErasedAuthors erased;
    private final Duration unansweredDelay;
    private final int parallelDecisions;
    private final Clock clock = Clock.systemUTC();

    public NotificationPipeline(
            CommentViewStore view,
            NotificationStore notifications,
            PeopleStore people,
            NotificationMetrics metrics,
            InboxEvents inbox,
            ErasedAuthors erased,
            NotificationProperties settings) {
        this.view = view;
        this.notifications = notifications;
        this.people = people;
        this.metrics = metrics;
        this.inbox = inbox;
        this.erased = erased;
        this.unansweredDelay = settings.unansweredDelay();
        this.parallelDecisions = Math.max(1, settings.parallelDecisions());
    }

    /**
     * Applies a poll's decisions: those about one comment one after the other in the order they came, those
     * about different comments side by side ({@code sherpa.notification.parallel-decisions}), so that a
     * poll costs about as long as its slowest comment rather than the sum of all of them (each decision is
     * a dozen store round trips). Every step is idempotent, so a poll that fails is applied again from its
     * first decision not yet applied: {@link BatchListenerFailedException} names that record, the error
     * handler commits what came before it and retries from there (until the store is back, or a few times
     * and then dead-letters it). An unreadable record fails at its own index, after the ones before it.
     */
    @KafkaListener(
            id = "notification-pipeline",
            groupId = "notification-service",
            topics = "sherpa.comments.decided.v1",
            concurrency = "${sherpa.notification.concurrency:3}",
            batch = "true")
    void onDecided(List<ConsumerRecord<String, String>> records) {
        List<CommentDecided> decisions = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                decisions.add(EventJson.read(records.get(i).value(), CommentDecided.class));
            } catch (EventFormatException unreadable) {
                applyAll(decisions);
                throw new BatchListenerFailedException(unreadable.getMessage(), unreadable, i);
            }
        }
        applyAll(decisions);
    }

    private void applyAll(List<CommentDecided> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        Map<String, List<Integer>> byComment = new LinkedHashMap<>();
        for (int i = 0; i < decisions.size(); i++) {
            byComment
                    .computeIfAbsent(decisions.get(i).commentId().asString(), c -> new ArrayList<>())
                    .add(i);
        }
        AtomicReferenceArray<Boolean> applied = new AtomicReferenceArray<>(decisions.size());
        try {
            Flux.fromIterable(byComment.values())
                    .flatMapDelayError(
                            indexes -> Flux.fromIterable(indexes)
                                    .concatMap(i -> handle(decisions.get(i))
                                            .then(Mono.fromRunnable(() -> applied.set(i, Boolean.TRUE)))),
                            parallelDecisions,
                            1)
                    .then()
                    .block(TIMEOUT);
        } catch (RuntimeException failed) {
            int first = 0;
            while (first < decisions.size() && applied.get(first) != null) {
                first++;
            }
            throw new BatchListenerFailedException(
                    "decision not applied: " + failed, failed, Math.min(first, decisions.size() - 1));
        }
    }

    /**
     * Applies a decision, anonymised if its author is erased. An erasure that lands while the decision is
     * being applied (another partition, another replica) is caught by looking again afterwards: either that
     * second look sees it and anonymises what was just written, or the erasure started after this write and
     * anonymises it itself.
     */
    Mono<Void> handle(CommentDecided d) {
        String site = d.siteId().value();
        return erased.isErased(site, d.authorId())
                .flatMap(erasedBefore -> erasedBefore
                        ? apply(anonymised(d))
                        : apply(d).then(erased.isErased(site, d.authorId()))
                                .filter(Boolean::booleanValue)
                                .flatMap(erasedMeanwhile -> view.anonymiseAuthor(site, d.authorId())
                                        .then(notifications.anonymiseActor(site, d.authorId())))
                                .then());
    }

    /** The decision with the marker for its author's name and its text. */
    static CommentDecided anonymised(CommentDecided d) {
        return new CommentDecided(
                d.eventId(),
                d.commentId(),
                d.siteId(),
                d.postId(),
                d.postAuthorId(),
                d.parentCommentId(),
                d.parentAuthorId(),
                d.authorId(),
                ErasedAuthors.MARKER,
                ErasedAuthors.MARKER,
                d.decision(),
                d.source(),
                d.moderatorId(),
                d.sequence(),
                d.scores(),
                List.of(),
                d.firstTimeAuthor(),
                d.policyVersion(),
                d.modelVersion(),
                d.submittedAt(),
                d.decidedAt());
    }

    private Mono<Void> apply(CommentDecided d) {
        String id = d.commentId().asString();
        return view.find(id)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(previous -> {
                    if (previous.isPresent() && number(previous.get(), "sequence") >= d.sequence()) {
                        return Mono.empty();
                    }
                    boolean wasApproved = previous.isPresent()
                            && Decision.APPROVED.name().equals(previous.get().getString("decision"));
                    if (d.decision() != Decision.APPROVED) {
                        Mono<Void> save = view.save(d, false);
                        return wasApproved
                                ? save.then(notifications.withdraw(id))
                                        .doOnNext(n -> {
                                            for (long i = 0; i < n; i++) {
                                                metrics.count("inbox", null, "withdrawn");
                                            }
                                        })
                                        .then(view.cancelTimer(id))
                                : save;
                    }
                    return parentAuthor(d)
                            .map(java.util.Optional::of)
                            .defaultIfEmpty(java.util.Optional.empty())
                            .flatMap(parentAuthor -> {
                                boolean awaiting = d.parentCommentId() != null && parentAuthor.isEmpty();
                                ApprovedComment comment = new ApprovedComment(
                                        id,
                                        d.siteId().value(),
                                        d.postId(),
                                        d.postAuthorId(),
                                        d.parentCommentId() == null
                                                ? null
                                                : d.parentCommentId().asString(),
                                        parentAuthor.orElse(null),
                                        d.authorId(),
                                        d.textExcerpt(),
                                        d.firstTimeAuthor());
                                Mono<Void> notify = wasApproved
                                        ? Mono.empty()
                                        : mentors(d.siteId().value())
                                                .flatMap(mentors ->
                                                        create(d, NotificationRules.whoToTell(comment, mentors)))
                                                .then(
                                                        comment.isReply()
                                                                ? view.answered(comment.parentCommentId())
                                                                : Mono.empty())
                                                .then(
                                                        NotificationRules.startsUnansweredTimer(comment)
                                                                ? view.startTimer(
                                                                        id,
                                                                        comment.siteId(),
                                                                        decidedAt(d)
                                                                                .plus(unansweredDelay))
                                                                : Mono.empty());
                                return view.save(d, awaiting).then(notify).then(resolveWaitingReplies(d));
                            });
                });
    }

    /** Notifies the mentors about a newcomer question nobody answered in time. */
    public Mono<Void> unanswered(String commentId) {
        return view.isAnswered(commentId)
                .filter(answered -> !answered)
                .flatMap(notAnswered -> view.find(commentId))
                .filter(doc -> Decision.APPROVED.name().equals(doc.getString("decision")))
                .flatMap(doc -> mentors(doc.getString("siteId")).flatMap(mentors -> {
                    ApprovedComment question = new ApprovedComment(
                            commentId,
                            doc.getString("siteId"),
                            doc.getString("postId"),
                            doc.getString("postAuthorId"),
                            doc.getString("parentCommentId"),
                            doc.getString("parentAuthorId"),
                            doc.getString("authorId"),
                            doc.getString("excerpt"),
                            Boolean.TRUE.equals(doc.getBoolean("firstTimeAuthor")));
                    return createFromView(doc, NotificationRules.unansweredQuestion(question, mentors));
                }));
    }

    private Mono<String> parentAuthor(CommentDecided d) {
        if (d.parentAuthorId() != null) {
            return Mono.just(d.parentAuthorId());
        }
        if (d.parentCommentId() == null) {
            return Mono.empty();
        }
        return view.find(d.parentCommentId().asString()).mapNotNull(p -> p.getString("authorId"));
    }

    /** Replies that arrived before this comment was known now learn their parent's author. */
    private Mono<Void> resolveWaitingReplies(CommentDecided parent) {
        return view.takeRepliesAwaiting(parent.commentId().asString())
                .filter(reply -> Decision.APPROVED.name().equals(reply.getString("decision"))
                        && !parent.authorId().equals(reply.getString("authorId")))
                .concatMap(reply -> createFromView(reply, List.of(new Intent(parent.authorId(), Kind.REPLY))))
                .then();
    }

    private Mono<List<Mentor>> mentors(String siteId) {
        return people.mentorsCached(siteId);
    }

    private Mono<Void> create(CommentDecided d, List<Intent> intents) {
        return Flux.fromIterable(intents)
                .concatMap(intent -> createOne(
                        d.siteId().value(),
                        intent,
                        d.commentId().asString(),
                        d.postId(),
                        d.authorId(),
                        d.authorName(),
                        d.textExcerpt(),
                        decidedAt(d)))
                .then();
    }

    private Mono<Void> createFromView(Document doc, List<Intent> intents) {
        java.util.Date decided = doc.getDate("decidedAt");
        return Flux.fromIterable(intents)
                .concatMap(intent -> createOne(
                        doc.getString("siteId"),
                        intent,
                        doc.getString("_id"),
                        doc.getString("postId"),
                        doc.getString("authorId"),
                        doc.getString("authorName"),
                        doc.getString("excerpt"),
                        decided == null ? clock.instant() : decided.toInstant()))
                .then();
    }

    private Mono<Void> createOne(
            String siteId,
            Intent intent,
            String commentId,
            String postId,
            String actorId,
            String actorName,
            String excerpt,
            Instant decidedAt) {
        return erased.isErased(siteId, intent.recipientId())
                .flatMap(recipientErased -> recipientErased
                        ? Mono.<Void>fromRunnable(
                                () -> metrics.count("inbox", intent.kind().name(), "erased"))
                        : notifyOne(siteId, intent, commentId, postId, actorId, actorName, excerpt, decidedAt));
    }

    private Mono<Void> notifyOne(
            String siteId,
            Intent intent,
            String commentId,
            String postId,
            String actorId,
            String actorName,
            String excerpt,
            Instant decidedAt) {
        return people.deliveryPreferences(siteId, intent.recipientId()).flatMap(prefs -> {
            if (prefs.mutedPosts().contains(postId)) {
                metrics.count("inbox", intent.kind().name(), "muted");
                return Mono.empty();
            }
            Instant now = clock.instant();
            Notification n = new Notification(
                    Notification.idOf(siteId, intent.recipientId(), commentId, intent.kind()),
                    intent.kind().name(),
                    commentId,
                    postId,
                    new Notification.Actor(actorId, actorName),
                    excerpt,
                    now,
                    false,
                    false);
            List<String> channels = new ArrayList<>();
            for (String channel : List.of("email", "webhook")) {
                if (prefs.wants(channel)) {
                    channels.add(channel);
                }
            }
            return notifications
                    .insertIfNew(new NotificationStore.NewNotification(
                            siteId, intent.recipientId(), n, decidedAt, channels, prefs.digest()))
                    .doOnNext(created -> {
                        metrics.count("inbox", n.kind(), "delivered");
                        metrics.delivered("inbox", Duration.between(decidedAt, now));
                        inbox.publish(new InboxEvents.InboxEvent(siteId, intent.recipientId(), n));
                    })
                    // erased while this was written (see handle): the erasure may have missed it
                    .flatMap(created -> erased.isErased(siteId, intent.recipientId()))
                    .filter(Boolean::booleanValue)
                    .flatMap(erasedMeanwhile -> notifications.eraseRecipient(siteId, intent.recipientId()))
                    .then();
        });
    }

    private Instant decidedAt(CommentDecided d) {
        return d.decidedAt() == null ? clock.instant() : d.decidedAt();
    }

    private static long number(Document doc, String field) {
        Object v = doc.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
