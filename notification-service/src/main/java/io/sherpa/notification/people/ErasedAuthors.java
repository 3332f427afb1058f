package io.sherpa.notification.people;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.AuthorErased;
import io.sherpa.notification.NotificationProperties;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.Set;
import java.util.stream.Collectors;
import org.bson.Document;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code erased_authors}: the people a site asked to erase, one document per {@code siteId/authorId} (its
 * {@code _id}, so a lookup is one read by id). Kept so that comments of theirs decided later, and notifications
 * meant for them, never bring their name, text or contact details back.
 */
@Repository
public class ErasedAuthors {

    /** What stands in for an erased author's name and text. */
    public static final String MARKER = "[erased]";

    private final MongoCollection<Document> erased;

    public ErasedAuthors(MongoClient mongo, NotificationProperties settings) {
        this.erased = mongo.getDatabase(settings.database()).getCollection("erased_authors");
    }

    /** Remembers the erasure; true the first time, false when it was known already (a replay). */
    public Mono<Boolean> remember(AuthorErased event) {
        Document doc = new Document("_id", key(event.siteId().value(), event.authorId()))
                .append("siteId", event.siteId().value())
                .append("eventId", event.eventId().asString())
                .append("requestedAt", Date.from(event.requestedAt()))
                .append("erasedAt", Date.from(Instant.now()));
        return Mono.from(erased.insertOne(doc))
                .thenReturn(true)
                .onErrorResume(ErasedAuthors::isDuplicate, e -> Mono.just(false));
    }

    public Mono<Boolean> isErased(String siteId, String authorId) {
        if (siteId == null || authorId == null) {
            return Mono.just(false);
        }
        return Mono.from(erased.find(Filters.eq("_id", key(siteId, authorId))).first())
                .hasElement();
    }

    /** Which of {@code keys} ({@link #key}) are erased: one query for all of them. */
    public Mono<Set<String>> whichErased(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Mono.just(Set.of());
        }
        return Flux.from(erased.find(Filters.in("_id", keys)).projection(new Document("_id", 1)))
                .map(doc -> doc.getString("_id"))
                .collect(Collectors.toSet());
    }

    /** The key of a person on a site: {@code siteId/authorId}, the {@code _id} of their erasure. */
    public static String key(String siteId, String authorId) {
        return siteId + "/" + authorId;
    }

    private static boolean isDuplicate(Throwable e) {
        return e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
