package io.sherpa.moderation.queue;

import io.sherpa.common.events.Keys;
import io.sherpa.moderation.pipeline.AuthorRecord;
import io.sherpa.moderation.pipeline.ModerationStore;
import io.sherpa.moderation.pipeline.StoredComment;
import io.sherpa.moderation.scoring.AuthorHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Turns stored comments into queue cards with their authors' standing and latest other comments, in two
 * key lookups per page whatever its size: the page's authors by id, then the comments their histories
 * name by id. No query scans the comments of an author, so a page costs the same with 10 or 10,000 held.
 */
@Component
class QueueCards {

    /** How many of an author's other comments a card shows. */
    static final int RECENT_SHOWN = 3;

    private final ModerationStore store;

    QueueCards(ModerationStore store) {
        this.store = store;
    }

    Mono<List<QueueItem>> cards(List<StoredComment> comments, Instant now) {
        if (comments.isEmpty()) {
            return Mono.just(List.of());
        }
        Set<String> authorKeys = comments.stream().map(QueueCards::authorKey).collect(Collectors.toSet());
        return Flux.fromIterable(authorKeys)
                .flatMap(store::findAuthor, 8)
                .collectMap(AuthorRecord::key, Function.identity())
                .flatMap(authors -> {
                    Set<String> recentIds = new LinkedHashSet<>();
                    authors.values().forEach(a -> recentIds.addAll(newestIds(a)));
                    return store.findCommentsById(recentIds)
                            .collectMap(c -> c.submitted().commentId().asString(), Function.identity())
                            .map(recent -> comments.stream()
                                    .map(c -> card(c, authors.get(authorKey(c)), recent, now))
                                    .toList());
                });
    }

    Mono<QueueItem> card(StoredComment comment, Instant now) {
        return cards(List.of(comment), now).map(cards -> cards.get(0));
    }

    private static QueueItem card(
            StoredComment c, AuthorRecord author, Map<String, StoredComment> recent, Instant now) {
        List<StoredComment> theirs = new ArrayList<>();
        if (author != null) {
            for (String id : newestIds(author)) {
                StoredComment other = recent.get(id);
                if (other != null
                        && !other.submitted().commentId().equals(c.submitted().commentId())) {
                    theirs.add(other);
                }
            }
        }
        return QueueItem.of(c, author, theirs.subList(0, Math.min(RECENT_SHOWN, theirs.size())), now);
    }

    /** The author's newest comment ids, newest first: enough to show {@link #RECENT_SHOWN} besides one. */
    private static List<String> newestIds(AuthorRecord author) {
        List<AuthorHistory.PriorComment> all = author.history().recent();
        List<String> ids = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0 && ids.size() <= RECENT_SHOWN; i--) {
            ids.add(all.get(i).commentId());
        }
        return ids;
    }

    private static String authorKey(StoredComment c) {
        return Keys.siteAuthor(c.submitted().siteId(), c.submitted().author().id());
    }
}
