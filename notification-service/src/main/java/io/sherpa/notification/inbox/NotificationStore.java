package io.sherpa.notification.inbox;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.people.ErasedAuthors;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code notifications} (one document per (recipient, comment, kind): its id is derived from those, so a
 * second insert is a duplicate-key no-op), {@code outbox} (deliveries still to make on other channels)
 * and {@code dead_letters} (deliveries that failed for good, kept for operators).
 */
@Repository
public class NotificationStore {

    private final MongoCollection<Document> notifications;
    private final MongoCollection<Document> outbox;
    private final MongoCollection<Document> deadLetters;

    public NotificationStore(MongoClient mongo, NotificationProperties settings) {
        this.notifications = mongo.getDatabase(settings.database()).getCollection("notifications");
        this.outbox = mongo.getDatabase(settings.database()).getCollection("outbox");
        this.deadLetters = mongo.getDatabase(settings.database()).getCollection("dead_letters");
    }

    /** A notification to store, with the channels it goes out on besides the inbox. */
    public record NewNotification(
            String siteId,
            String recipientId,
            Notification notification,
            Instant decidedAt,
            List<String> channels,
            String digest) {}

    /**
     * Stores it unless it exists; emits it when it is news to its recipient. If it exists it is completed:
     * with {@code restoreWithdrawn} (an approval that replaces a rejection) a withdrawn one is restored,
     * unread, its cancelled channels due again, and emitted; otherwise every channel still pending gets its
     * delivery, which an earlier attempt that failed after storing the notification may not have queued (a
     * delivery already queued stays one).
     */
    public Mono<NewNotification> insertIfNew(NewNotification n, boolean restoreWithdrawn) {
        Notification v = n.notification();
        Document channels = new Document();
        n.channels().forEach(c -> channels.append(c, "PENDING"));
        Document doc = new Document("_id", v.id())
                .append("siteId", n.siteId())
                .append("recipientId", n.recipientId())
                .append("kind", v.kind())
                .append("commentId", v.commentId())
                .append("postId", v.postId())
                .append(
                        "actor",
                        new Document("id", v.actor().id())
                                .append("name", v.actor().name()))
                .append("excerpt", v.excerpt())
                .append("createdAt", Date.from(v.createdAt()))
                .append("decidedAt", Date.from(n.decidedAt()))
                .append("read", false)
                .append("withdrawn", false)
                .append("channels", channels);
        return Mono.from(notifications.insertOne(doc))
                .then(queue(n, n.channels()))
                .thenReturn(n)
                .onErrorResume(NotificationStore::isDuplicate, e -> complete(n, restoreWithdrawn));
    }

    private Mono<NewNotification> complete(NewNotification n, boolean restoreWithdrawn) {
        String id = n.notification().id();
        return findDocument(id).flatMap(stored -> {
            Document states = stored.get("channels", Document.class);
            if (Boolean.TRUE.equals(stored.getBoolean("withdrawn"))) {
                if (!restoreWithdrawn) {
                    return Mono.<NewNotification>empty();
                }
                List<String> due = n.channels().stream()
                        .filter(c -> states == null
                                || states.getString(c) == null
                                || "CANCELLED".equals(states.getString(c)))
                        .toList();
                Bson restore = Updates.combine(Updates.set("withdrawn", false), Updates.set("read", false));
                for (String c : due) {
                    restore = Updates.combine(restore, Updates.set("channels." + c, "PENDING"));
                }
                return Mono.from(notifications.updateOne(
                                Filters.and(Filters.eq("_id", id), Filters.eq("withdrawn", true)), restore))
                        .flatMap(r -> r.getModifiedCount() == 1
                                ? queue(n, due).thenReturn(n)
                                : Mono.<NewNotification>empty());
            }
            List<String> pending = n.channels().stream()
                    .filter(c -> states != null && "PENDING".equals(states.getString(c)))
                    .toList();
            return queue(n, pending).then(Mono.<NewNotification>empty());
        });
    }

    /** Queues the deliveries of {@code n} on {@code channels}; one already queued stays as it is. */
    private Mono<Void> queue(NewNotification n, List<String> channels) {
        Notification v = n.notification();
        return Flux.fromIterable(channels)
                .concatMap(channel -> Mono.from(outbox.insertOne(new Document("_id", v.id() + ":" + channel)
                                .append("notificationId", v.id())
                                .append("channel", channel)
                                .append("siteId", n.siteId())
                                .append("recipientId", n.recipientId())
                                .append("attempts", 0)
                                .append(
                                        "nextAttemptAt",
                                        Date.from(
                                                channel.equals("email")
                                                        ? DigestSchedule.next(n.digest(), v.createdAt())
                                                        : v.createdAt()))
                                .append("lockedUntil", new Date(0))
                                .append("decidedAt", Date.from(n.decidedAt()))))
                        .onErrorResume(NotificationStore::isDuplicate, e -> Mono.empty()))
                .then();
    }

    /** A recipient's inbox, newest first, after {@code before} (exclusive). */
    public Flux<Notification> inbox(
            String siteId, String recipientId, boolean unreadOnly, Instant before, String beforeId, int limit) {
        Bson filter = Filters.and(Filters.eq("siteId", siteId), Filters.eq("recipientId", recipientId));
        if (unreadOnly) {
            filter = Filters.and(filter, Filters.eq("read", false), Filters.eq("withdrawn", false));
        }
        if (before != null) {
            Date at = Date.from(before);
            filter = Filters.and(
                    filter,
                    Filters.or(
                            Filters.lt("createdAt", at),
                            Filters.and(Filters.eq("createdAt", at), Filters.lt("_id", beforeId))));
        }
        return Flux.from(notifications
                        .find(filter)
                        .sort(Sorts.descending("createdAt", "_id"))
                        .limit(limit))
                .map(NotificationStore::toNotification);
    }

    public Mono<Notification> find(String id) {
        return Mono.from(notifications.find(Filters.eq("_id", id)).first()).map(NotificationStore::toNotification);
    }

    public Mono<Document> findDocument(String id) {
        return Mono.from(notifications.find(Filters.eq("_id", id)).first());
    }

    public Mono<Boolean> markRead(String siteId, String recipientId, String id) {
        return findDocument(id)
                .filter(d -> siteId.equals(d.getString("siteId")) && recipientId.equals(d.getString("recipientId")))
                .flatMap(d -> Mono.from(notifications.updateOne(Filters.eq("_id", id), Updates.set("read", true)))
                        .thenReturn(true))
                .defaultIfEmpty(false);
    }

    /** Withdraws every notification about a comment: inbox items marked, undelivered ones cancelled. */
    public Mono<Long> withdraw(String commentId) {
        return Flux.from(notifications.find(Filters.eq("commentId", commentId)))
                .concatMap(d -> {
                    String id = d.getString("_id");
                    Document channels = d.get("channels", Document.class);
                    Bson update = Updates.set("withdrawn", true);
                    if (channels != null) {
                        for (Map.Entry<String, Object> c : channels.entrySet()) {
                            if ("PENDING".equals(c.getValue())) {
                                update = Updates.combine(update, Updates.set("channels." + c.getKey(), "CANCELLED"));
                            }
                        }
                    }
                    return Mono.from(notifications.updateOne(Filters.eq("_id", id), update))
                            .then(Mono.from(outbox.deleteMany(Filters.eq("notificationId", id))))
                            .thenReturn(1L);
                })
                .reduce(0L, Long::sum);
    }

    /**
     * Anonymises every notification about something an erased author wrote: the actor's name and the excerpt
     * become the marker; ids, kind, recipient, times, read/withdrawn and channel states stay for the audit.
     * Outbox entries and dead letters hold ids, channel and error only, never the name or text, and a
     * delivery still due is rendered from this notification when it is sent, so it goes out anonymised, the
     * same as a notification about a comment of theirs decided after the erasure. Running it again changes
     * nothing.
     *
     * @return the notifications it changed (none when it runs again)
     */
    public Mono<Long> anonymiseActor(String siteId, String actorId) {
        return Mono.from(notifications.updateMany(
                        Filters.and(Filters.eq("siteId", siteId), Filters.eq("actor.id", actorId)),
                        Updates.combine(
                                Updates.set("actor.name", ErasedAuthors.MARKER),
                                Updates.set("excerpt", ErasedAuthors.MARKER))))
                .map(r -> r.getModifiedCount());
    }

    /**
     * Deletes an erased person's inbox on a site: their notifications, the deliveries still due to them and
     * their dead letters (whose errors may name their webhook URL). Running it again changes nothing.
     *
     * @return the notifications deleted
     */
    public Mono<Long> eraseRecipient(String siteId, String recipientId) {
        Bson theirs = Filters.and(Filters.eq("siteId", siteId), Filters.eq("recipientId", recipientId));
        return Mono.from(outbox.deleteMany(theirs))
                .then(Mono.from(deadLetters.deleteMany(theirs)))
                .then(Mono.from(notifications.deleteMany(theirs)))
                .map(r -> r.getDeletedCount());
    }

    // ---- outbox ----

    /** Deliveries due now on a channel, not claimed by another worker. */
    public Flux<Document> due(String channel, Instant now, int limit) {
        return Flux.from(outbox.find(Filters.and(
                        Filters.eq("channel", channel),
                        Filters.lte("nextAttemptAt", Date.from(now)),
                        Filters.lte("lockedUntil", Date.from(now))))
                .sort(Sorts.ascending("nextAttemptAt"))
                .limit(limit));
    }

    /** Claims a delivery for {@code until}; false when another worker has it. */
    public Mono<Boolean> claim(Document item, Instant now, Instant until) {
        return Mono.from(outbox.updateOne(
                        Filters.and(
                                Filters.eq("_id", item.getString("_id")), Filters.lte("lockedUntil", Date.from(now))),
                        Updates.set("lockedUntil", Date.from(until))))
                .map(r -> r.getModifiedCount() == 1);
    }

    public Mono<Void> delivered(Document item, Instant at) {
        return Mono.from(outbox.deleteOne(Filters.eq("_id", item.getString("_id"))))
                .then(Mono.from(notifications.updateOne(
                        Filters.eq("_id", item.getString("notificationId")),
                        Updates.combine(
                                Updates.set("channels." + item.getString("channel"), "DELIVERED"),
                                Updates.set("deliveredAt." + item.getString("channel"), Date.from(at))))))
                .then();
    }

    public Mono<Void> retryLater(Document item, int attempts, Instant next, String error) {
        return Mono.from(outbox.updateOne(
                        Filters.eq("_id", item.getString("_id")),
                        Updates.combine(
                                Updates.set("attempts", attempts), Updates.set("nextAttemptAt", Date.from(next)),
                                Updates.set("lockedUntil", new Date(0)), Updates.set("lastError", error))))
                .then();
    }

    public Mono<Void> deadLetter(Document item, int attempts, String error, Instant at) {
        Document dead = new Document(item)
                .append("attempts", attempts)
                .append("lastError", error)
                .append("deadAt", Date.from(at));
        return Mono.from(deadLetters.insertOne(dead))
                .onErrorResume(NotificationStore::isDuplicate, e -> Mono.empty())
                .then(Mono.from(outbox.deleteOne(Filters.eq("_id", item.getString("_id")))))
                .then(Mono.from(notifications.updateOne(
                        Filters.eq("_id", item.getString("notificationId")),
                        Updates.set("channels." + item.getString("channel"), "DEAD"))))
                .then();
    }

    public Flux<Document> deadLetters(String siteId) {
        return Flux.from(deadLetters
                .find(Filters.eq("siteId", siteId))
                .sort(Sorts.descending("deadAt"))
                .limit(100));
    }

    /** Deliveries waiting on a channel (e-mail includes digests scheduled for later). */
    public Mono<Long> outboxSize(String channel) {
        return Mono.from(outbox.countDocuments(Filters.eq("channel", channel)));
    }

    /** Completes when MongoDB answers a query within {@code timeout}: the storage health check. */
    public Mono<Void> ping(java.time.Duration timeout) {
        return Mono.from(notifications.countDocuments(Filters.eq("_id", "ping")))
                .then()
                .timeout(timeout);
    }

    static boolean isDuplicate(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }

    static Notification toNotification(Document d) {
        Document actor = d.get("actor", Document.class);
        return new Notification(
                d.getString("_id"),
                d.getString("kind"),
                d.getString("commentId"),
                d.getString("postId"),
                new Notification.Actor(
                        actor == null ? null : actor.getString("id"), actor == null ? null : actor.getString("name")),
                d.getString("excerpt"),
                d.getDate("createdAt").toInstant(),
                Boolean.TRUE.equals(d.getBoolean("read")),
                Boolean.TRUE.equals(d.getBoolean("withdrawn")));
    }
}
