package io.sherpa.notification.inbox;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.people.ErasedAuthors;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This service's own view of decided comments ({@code comments}: who wrote what, under which post, the
 * latest decision and its sequence) and the stored timers of unanswered newcomer questions
 * ({@code timers}), so both survive restarts and work whatever order events arrive in.
 */
@Repository
public class CommentViewStore {

    private final MongoCollection<Document> comments;
    private final MongoCollection<Document> timers;
    private final MongoCollection<Document> awaiting;
    private final MongoCollection<Document> answered;

    public CommentViewStore(MongoClient mongo, NotificationProperties settings) {
        this.comments = mongo.getDatabase(settings.database()).getCollection("comments");
        this.timers = mongo.getDatabase(settings.database()).getCollection("timers");
        this.awaiting = mongo.getDatabase(settings.database()).getCollection("awaiting_parent");
        this.answered = mongo.getDatabase(settings.database()).getCollection("answered");
    }

    public Mono<Document> find(String commentId) {
        return Mono.from(comments.find(Filters.eq("_id", commentId)).first());
    }

    /** Stores the comment's latest decision (the caller checked that its sequence is newer). */
    public Mono<Void> save(CommentDecided d, boolean awaitingParent) {
        Mono<Void> remember = awaitingParent
                ? Mono.from(awaiting.updateOne(
                                Filters.eq("_id", d.parentCommentId().asString()),
                                Updates.addToSet("replies", d.commentId().asString()),
                                new com.mongodb.client.model.UpdateOptions().upsert(true)))
                        .then()
                : Mono.empty();
        return remember.then(saveView(d, awaitingParent));
    }

    private Mono<Void> saveView(CommentDecided d, boolean awaitingParent) {
        Document doc = new Document("_id", d.commentId().asString())
                .append("siteId", d.siteId().value())
                .append("postId", d.postId())
                .append("postAuthorId", d.postAuthorId())
                .append(
                        "parentCommentId",
                        d.parentCommentId() == null ? null : d.parentCommentId().asString())
                .append("parentAuthorId", d.parentAuthorId())
                .append("authorId", d.authorId())
                .append("authorName", d.authorName())
                .append("excerpt", d.textExcerpt())
                .append("firstTimeAuthor", d.firstTimeAuthor())
                .append("decision", d.decision().name())
                .append("sequence", d.sequence())
                .append("decidedAt", Date.from(d.decidedAt() == null ? Instant.now() : d.decidedAt()))
                .append("awaitingParent", awaitingParent);
        return Mono.from(comments.replaceOne(
                        Filters.eq("_id", doc.getString("_id")), doc, new ReplaceOptions().upsert(true)))
                .then();
    }

    /**
     * Anonymises the stored comments of an erased author: name and excerpt become the marker; ids, post,
     * decision and times stay (replies still find their parent, the timeline stays auditable). Idempotent.
     */
    public Mono<Long> anonymiseAuthor(String siteId, String authorId) {
        return Mono.from(comments.updateMany(
                        Filters.and(Filters.eq("siteId", siteId), Filters.eq("authorId", authorId)),
                        Updates.combine(
                                Updates.set("authorName", ErasedAuthors.MARKER),
                                Updates.set("excerpt", ErasedAuthors.MARKER))))
                .map(r -> r.getModifiedCount());
    }

    /**
     * Replies that arrived before their parent was known (the list is keyed by the parent, so this is one
     * lookup by id, not a scan). They stay on the list until {@link #doneAwaiting}: a failure in between leaves
     * them for the next attempt.
     */
    public Mono<List<String>> repliesAwaiting(String parentCommentId) {
        return Mono.from(awaiting.find(Filters.eq("_id", parentCommentId)).first())
                .map(doc -> doc.getList("replies", String.class, List.of()));
    }

    /** Takes replies off their parent's waiting list once they have been told about. */
    public Mono<Void> doneAwaiting(String parentCommentId, List<String> replyIds) {
        if (replyIds.isEmpty()) {
            return Mono.empty();
        }
        return Mono.from(comments.updateMany(Filters.in("_id", replyIds), Updates.set("awaitingParent", false)))
                .then(Mono.from(
                        awaiting.updateOne(Filters.eq("_id", parentCommentId), Updates.pullAll("replies", replyIds))))
                .then(Mono.from(awaiting.deleteOne(
                        Filters.and(Filters.eq("_id", parentCommentId), Filters.size("replies", 0)))))
                .then();
    }

    // ---- timers ----

    public Mono<Void> startTimer(String commentId, String siteId, Instant dueAt) {
        Document timer = new Document("_id", commentId).append("siteId", siteId).append("dueAt", Date.from(dueAt));
        return Mono.from(timers.insertOne(timer))
                .onErrorResume(NotificationStore::isDuplicate, e -> Mono.empty()) // started already
                .then();
    }

    /**
     * An approved reply answers the question: remembered with the reply (so a timer started later, by a
     * consumer that saw the question after the reply, still does not fire) and its timer dropped.
     */
    public Mono<Void> answered(String questionId, String replyId) {
        return Mono.from(answered.updateOne(
                        Filters.eq("_id", questionId),
                        Updates.addToSet("replies", replyId),
                        new com.mongodb.client.model.UpdateOptions().upsert(true)))
                .then(cancelTimer(questionId));
    }

    /** The replies that answer a question (none if nobody answered it). */
    public Mono<List<String>> answersOf(String questionId) {
        return Mono.from(answered.find(Filters.eq("_id", questionId)).first())
                .map(doc -> doc.getList("replies", String.class, List.of()))
                .defaultIfEmpty(List.of());
    }

    /** A reply that answered the question was taken back; with no answer left the question is unanswered. */
    public Mono<Void> unanswered(String questionId, String replyId) {
        return Mono.from(answered.updateOne(Filters.eq("_id", questionId), Updates.pull("replies", replyId)))
                .then(Mono.from(
                        answered.deleteOne(Filters.and(Filters.eq("_id", questionId), Filters.size("replies", 0)))))
                .then();
    }

    public Mono<Boolean> isAnswered(String commentId) {
        return Mono.from(answered.find(Filters.eq("_id", commentId)).first()).hasElement();
    }

    /** Only pending timers are kept: cancelling one deletes it. */
    public Mono<Void> cancelTimer(String commentId) {
        return Mono.from(timers.deleteOne(Filters.eq("_id", commentId))).then();
    }

    public Flux<Document> dueTimers(Instant now) {
        return Flux.from(timers.find(Filters.lte("dueAt", Date.from(now))).limit(100));
    }

    /**
     * Claims a due timer for {@code lease}: it stays stored, due again when the lease ends, until {@link
     * #cancelTimer} after the mentors were told, so a failure while telling them is retried. False when another
     * replica holds it or it was cancelled meanwhile.
     */
    public Mono<Boolean> fire(String commentId, Instant now, java.time.Duration lease) {
        return Mono.from(timers.updateOne(
                        Filters.and(Filters.eq("_id", commentId), Filters.lte("dueAt", Date.from(now))),
                        Updates.set("dueAt", Date.from(now.plus(lease)))))
                .map(r -> r.getModifiedCount() == 1);
    }
}
