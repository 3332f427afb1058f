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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** A restarted timer fires no sooner than this, so the answer it replaces is forgotten first. */
    private static final Duration RESTART_GRACE = Duration.ofSeconds(5);

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
        ErasureCheck check = new ErasureCheck(erased);
        AtomicReferenceArray<Boolean> written = new AtomicReferenceArray<>(decisions.size());
        RuntimeException failure = null;
        try {
            check.prefetch(peopleNamedIn(decisions)).block(TIMEOUT);
            Flux.fromIterable(byComment.values())
                    .flatMapDelayError(
                            indexes -> Flux.fromIterable(indexes)
                                    .concatMap(i -> handle(decisions.get(i), check)
                                            .then(Mono.fromRunnable(() -> written.set(i, Boolean.TRUE)))),
                            parallelDecisions,
                            1)
                    .then()
                    .block(TIMEOUT);
        } catch (RuntimeException failed) {
            failure = failed;
        }
        int first = 0; // a decision counts as applied once it is written and looked at again after
        try {
            check.finish(view, notifications).block(TIMEOUT);
            while (first < decisions.size() && written.get(first) != null) {
                first++;
            }
        } catch (RuntimeException failed) {
            failure = failure == null ? failed : failure;
        }
        if (failure != null) {
            throw new BatchListenerFailedException(
                    "decision not applied: " + failure, failure, Math.min(first, decisions.size() - 1));
        }
    }

    /**
     * Everyone a poll's decisions name, as erasure keys: authors, post authors, parent authors and the
     * mentors of each site (from the one-second cache).
     */
    private Set<String> peopleNamedIn(List<CommentDecided> decisions) {
        Set<String> keys = new HashSet<>();
        Set<String> sites = new HashSet<>();
        for (CommentDecided d : decisions) {
            String site = d.siteId().value();
            sites.add(site);
            for (String person : new String[] {d.authorId(), d.postAuthorId(), d.parentAuthorId()}) {
                if (person != null) {
                    keys.add(ErasedAuthors.key(site, person));
                }
            }
        }
        for (String site : sites) {
            List<Mentor> mentors = mentors(site).block(TIMEOUT);
            if (mentors != null) {
                mentors.forEach(m -> keys.add(ErasedAuthors.key(site, m.id())));
            }
        }
        return keys;
    }

    /**
     * Applies a decision, anonymised if its author is erased. An erasure that lands while the decision is
     * being applied (another partition, another replica) is caught by looking again afterwards: either that
     * second look sees it and anonymises what was just written, or the erasure started after this write and
     * anonymises it itself. The second look is the poll's ({@link ErasureCheck#finish}).
     */
    Mono<Void> handle(CommentDecided d, ErasureCheck check) {
        String site = d.siteId().value();
        return check.isErased(site, d.authorId())
                .flatMap(erasedBefore -> erasedBefore
                        ? apply(anonymised(d), check)
                        : apply(d, check).then(Mono.fromRunnable(() -> check.authorWritten(site, d.authorId()))));
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

    private Mono<Void> apply(CommentDecided d, ErasureCheck check) {
        String id = d.commentId().asString();
        return view.find(id)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(previous -> {
                    if (previous.isPresent() && number(previous.get(), "sequence") >= d.sequence()) {
                        return appliedBefore(d, previous.get(), check);
                    }
                    boolean wasApproved = previous.isPresent()
                            && Decision.APPROVED.name().equals(previous.get().getString("decision"));
                    // the comment's view is written last: it is what marks the decision applied (a delivery
                    // again finds its sequence and writes nothing), so a failure before it is retried in full
                    if (d.decision() != Decision.APPROVED) {
                        Mono<Void> save = view.save(d, false);
                        // with no view yet, an approval may have written notifications and then failed for good
                        return wasApproved || previous.isEmpty()
                                ? notifications
                                        .withdraw(id)
                                        .doOnNext(n -> {
                                            for (long i = 0; i < n; i++) {
                                                metrics.count("inbox", null, "withdrawn");
                                            }
                                        })
                                        .then(view.cancelTimer(id))
                                        .then(answerTakenBack(d))
                                        .then(save)
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
                                                        create(d, NotificationRules.whoToTell(comment, mentors), check))
                                                .then(
                                                        answers(comment)
                                                                ? view.answered(comment.parentCommentId(), id)
                                                                : Mono.empty())
                                                .then(
                                                        NotificationRules.startsUnansweredTimer(comment)
                                                                ? view.startTimer(
                                                                        id,
                                                                        comment.siteId(),
                                                                        decidedAt(d)
                                                                                .plus(unansweredDelay))
                                                                : Mono.empty());
                                return notify.then(view.save(d, awaiting))
                                        .then(resolveWaitingReplies(id, d.authorId(), check))
                                        .then(awaiting ? parentArrivedMeanwhile(d, check) : Mono.empty());
                            });
                });
    }

    /**
     * A decision delivered again whose writes were made by an earlier delivery (that poll failed after
     * writing, before its second look): nothing is written again, but whoever it wrote about or for is looked
     * at again with this poll, so an erasure that landed between those writes and the look that never came
     * still removes them. Rare (only after a failure), and a few more names in the poll's one query.
     */
    private Mono<Void> appliedBefore(CommentDecided d, Document current, ErasureCheck check) {
        String site = d.siteId().value();
        // still the comment's decision: finish telling about the replies that waited for it, if that failed
        Mono<Void> unfinished = d.decision() == Decision.APPROVED && number(current, "sequence") == d.sequence()
                ? resolveWaitingReplies(d.commentId().asString(), d.authorId(), check)
                : Mono.empty();
        check.authorWritten(site, d.authorId());
        check.recipientNotified(site, d.authorId()); // replies that waited for this comment told its author
        check.recipientNotified(site, d.postAuthorId());
        return parentAuthor(d) // as the first delivery found them: from the event, else the parent's view
                .doOnNext(parent -> check.recipientNotified(site, parent))
                .then(mentors(site))
                .doOnNext(mentors -> mentors.forEach(m -> check.recipientNotified(site, m.id())))
                .then(unfinished);
    }

    /**
     * Notifies the mentors about a newcomer question nobody answered in time. True once the question is
     * settled (answered, no longer approved, or its mentors told); false while its view is not written yet
     * (the decision that started the timer is still being applied), so its timer is kept and fires again.
     */
    public Mono<Boolean> unanswered(String commentId) {
        ErasureCheck check = new ErasureCheck(erased);
        return view.isAnswered(commentId)
                .flatMap(answered -> answered
                        ? Mono.just(true)
                        : view.find(commentId)
                                .flatMap(doc -> tellMentors(doc, check)
                                        .then(Mono.defer(() -> check.finish(view, notifications)))
                                        .thenReturn(true))
                                .defaultIfEmpty(false));
    }

    private Mono<Void> tellMentors(Document doc, ErasureCheck check) {
        if (!Decision.APPROVED.name().equals(doc.getString("decision"))) {
            return Mono.empty();
        }
        return mentors(doc.getString("siteId")).flatMap(mentors -> {
            ApprovedComment question = fromView(doc);
            return createFromView(doc, NotificationRules.unansweredQuestion(question, mentors), check);
        });
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

    /**
     * A reply answers its parent's question unless its author asked it ("anyone?" is no answer). A reply whose
     * parent's author is not known yet answers when the parent arrives ({@link #resolveWaitingReplies}).
     */
    private static boolean answers(ApprovedComment reply) {
        return reply.isReply()
                && reply.parentAuthorId() != null
                && !reply.authorId().equals(reply.parentAuthorId());
    }

    /**
     * A reply that answered a question was taken back: if it was the question's last answer, the question's
     * timer is started again first (from when it was due, and not before a few seconds from now), then the
     * answer is forgotten. Applied again after a failure, this finds the reply still an answer (and starts the
     * timer again, which is one timer) or no longer one (the timer was started before), never neither.
     */
    private Mono<Void> answerTakenBack(CommentDecided reply) {
        if (reply.parentCommentId() == null) {
            return Mono.empty();
        }
        String questionId = reply.parentCommentId().asString();
        String replyId = reply.commentId().asString();
        return view.answersOf(questionId).flatMap(answers -> {
            if (!answers.contains(replyId)) {
                return Mono.empty();
            }
            Mono<Void> restart = answers.size() == 1 ? restartTimer(questionId) : Mono.empty();
            return restart.then(view.unanswered(questionId, replyId));
        });
    }

    private Mono<Void> restartTimer(String questionId) {
        return view.find(questionId)
                .filter(q -> Decision.APPROVED.name().equals(q.getString("decision")))
                .flatMap(q -> {
                    ApprovedComment question = fromView(q);
                    if (!NotificationRules.startsUnansweredTimer(question)) {
                        return Mono.empty();
                    }
                    java.util.Date decided = q.getDate("decidedAt");
                    Instant due = (decided == null ? clock.instant() : decided.toInstant()).plus(unansweredDelay);
                    Instant earliest = clock.instant().plus(RESTART_GRACE);
                    return view.startTimer(questionId, question.siteId(), due.isBefore(earliest) ? earliest : due);
                });
    }

    /**
     * Tells the author of an approved parent about the approved replies that waited for it; idempotent (a
     * notification is stored once), so a failure part-way is finished by the next attempt.
     */
    private Mono<Void> resolveWaitingReplies(String parentId, String parentAuthorId, ErasureCheck check) {
        return view.repliesAwaiting(parentId)
                .flatMap(replyIds -> Flux.fromIterable(replyIds)
                        .concatMap(view::find)
                        .filter(reply -> Decision.APPROVED.name().equals(reply.getString("decision"))
                                && !parentAuthorId.equals(reply.getString("authorId")))
                        .concatMap(reply -> (parentAuthorId.equals(reply.getString("postAuthorId"))
                                        // the post's author heard of this reply as a comment on their post
                                        ? Mono.<Void>empty()
                                        : createFromView(reply, List.of(new Intent(parentAuthorId, Kind.REPLY)), check))
                                .then(view.answered(parentId, reply.getString("_id"))))
                        .then(view.doneAwaiting(parentId, replyIds)));
    }

    /**
     * A reply that found no parent registered itself as waiting; the parent, on another partition, may have
     * been applied and looked at its waiting list in between. Looked at once more here, so such a reply is
     * not left waiting for good.
     */
    private Mono<Void> parentArrivedMeanwhile(CommentDecided reply, ErasureCheck check) {
        String parentId = reply.parentCommentId().asString();
        return view.find(parentId)
                .filter(parent -> Decision.APPROVED.name().equals(parent.getString("decision")))
                .flatMap(parent -> resolveWaitingReplies(parentId, parent.getString("authorId"), check));
    }

    private Mono<List<Mentor>> mentors(String siteId) {
        return people.mentorsCached(siteId);
    }

    private Mono<Void> create(CommentDecided d, List<Intent> intents, ErasureCheck check) {
        return Flux.fromIterable(intents)
                .concatMap(intent -> createOne(
                        d.siteId().value(),
                        intent,
                        d.commentId().asString(),
                        d.postId(),
                        d.authorId(),
                        d.authorName(),
                        d.textExcerpt(),
                        decidedAt(d),
                        true, // this approval is news again, even if an earlier one was withdrawn
                        check))
                .then();
    }

    private Mono<Void> createFromView(Document doc, List<Intent> intents, ErasureCheck check) {
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
                        decided == null ? clock.instant() : decided.toInstant(),
                        false,
                        check))
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
            Instant decidedAt,
            boolean restoreWithdrawn,
            ErasureCheck check) {
        return check.isErased(siteId, intent.recipientId())
                .flatMap(recipientErased -> recipientErased
                        ? Mono.<Void>fromRunnable(
                                () -> metrics.count("inbox", intent.kind().name(), "erased"))
                        : notifyOne(
                                siteId,
                                intent,
                                commentId,
                                postId,
                                actorId,
                                actorName,
                                excerpt,
                                decidedAt,
                                restoreWithdrawn,
                                check));
    }

    private Mono<Void> notifyOne(
            String siteId,
            Intent intent,
            String commentId,
            String postId,
            String actorId,
            String actorName,
            String excerpt,
            Instant decidedAt,
            boolean restoreWithdrawn,
            ErasureCheck check) {
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
                    .insertIfNew(
                            new NotificationStore.NewNotification(
                                    siteId, intent.recipientId(), n, decidedAt, channels, prefs.digest()),
                            restoreWithdrawn)
                    .doOnNext(created -> {
                        metrics.count("inbox", n.kind(), "delivered");
                        metrics.delivered("inbox", Duration.between(decidedAt, now));
                        inbox.publish(new InboxEvents.InboxEvent(siteId, intent.recipientId(), n));
                    })
                    // erased while this was written (see handle): looked at again once the poll is written
                    .doOnNext(created -> check.recipientNotified(siteId, intent.recipientId()))
                    .then();
        });
    }

    private Instant decidedAt(CommentDecided d) {
        return d.decidedAt() == null ? clock.instant() : d.decidedAt();
    }

    /** A comment as its stored view has it (the view is written only for decisions applied in full). */
    private static ApprovedComment fromView(Document doc) {
        return new ApprovedComment(
                doc.getString("_id"),
                doc.getString("siteId"),
                doc.getString("postId"),
                doc.getString("postAuthorId"),
                doc.getString("parentCommentId"),
                doc.getString("parentAuthorId"),
                doc.getString("authorId"),
                doc.getString("excerpt"),
                Boolean.TRUE.equals(doc.getBoolean("firstTimeAuthor")));
    }

    private static long number(Document doc, String field) {
        Object v = doc.get(field);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
