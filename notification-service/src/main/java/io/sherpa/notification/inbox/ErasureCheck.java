package io.sherpa.notification.inbox;

import io.sherpa.notification.people.ErasedAuthors;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The erasure checks of one poll of decisions, two queries instead of two per person per decision. Before:
 * whether each person the poll names (authors, post and parent authors, mentors) is erased, read once
 * ({@link #prefetch}); a person found only while applying (a parent's author read from the view) is looked
 * up on their own. After: every author written and every recipient notified is looked at again, all at once,
 * once the whole poll is written ({@link #finish}) — an erasure that landed meanwhile either shows there, and
 * what was written is anonymised or removed, or it began after the writes and erases them itself. The same
 * guarantee as looking before and after each write, one poll wide.
 */
final class ErasureCheck {

    private final ErasedAuthors erased;
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Set<String> erasedBefore = ConcurrentHashMap.newKeySet();
    private final Set<String> authorsWritten = ConcurrentHashMap.newKeySet();
    private final Set<String> recipientsNotified = ConcurrentHashMap.newKeySet();

    ErasureCheck(ErasedAuthors erased) {
        this.erased = erased;
    }

    /** Reads, in one query, which of these people ({@link ErasedAuthors#key}) are erased. */
    Mono<Void> prefetch(Collection<String> keys) {
        return erased.whichErased(keys)
                .doOnNext(found -> {
                    erasedBefore.addAll(found);
                    known.addAll(keys);
                })
                .then();
    }

    /** Whether the person was erased when the poll began (or, if the poll did not name them, now). */
    Mono<Boolean> isErased(String siteId, String personId) {
        if (siteId == null || personId == null) {
            return Mono.just(false);
        }
        String key = ErasedAuthors.key(siteId, personId);
        if (known.contains(key)) {
            return Mono.just(erasedBefore.contains(key));
        }
        return erased.isErased(siteId, personId);
    }

    /** A comment of this author was written with their name and text: look again at the end. */
    void authorWritten(String siteId, String authorId) {
        if (siteId != null && authorId != null) {
            authorsWritten.add(ErasedAuthors.key(siteId, authorId));
        }
    }

    /** This person was notified: look again at the end. */
    void recipientNotified(String siteId, String recipientId) {
        if (siteId != null && recipientId != null) {
            recipientsNotified.add(ErasedAuthors.key(siteId, recipientId));
        }
    }

    /**
     * The look after the writes: an author erased meanwhile is anonymised in the view and in notifications
     * about them, a recipient erased meanwhile loses what was just written for them.
     */
    Mono<Void> finish(CommentViewStore view, NotificationStore notifications) {
        Set<String> all = new HashSet<>(); // the poll's writes are done: one thread from here
        all.addAll(authorsWritten);
        all.addAll(recipientsNotified);
        return erased.whichErased(all)
                .flatMapMany(found -> Flux.fromIterable(found))
                .concatMap(key -> {
                    int slash = key.indexOf('/');
                    String site = key.substring(0, slash);
                    String person = key.substring(slash + 1);
                    Mono<Void> asAuthor = authorsWritten.contains(key)
                            ? view.anonymiseAuthor(site, person)
                                    .then(notifications.anonymiseActor(site, person))
                                    .then()
                            : Mono.empty();
                    Mono<Void> asRecipient = recipientsNotified.contains(key)
                            ? notifications.eraseRecipient(site, person).then()
                            : Mono.empty();
                    return asAuthor.then(asRecipient);
                })
                .then();
    }
}
