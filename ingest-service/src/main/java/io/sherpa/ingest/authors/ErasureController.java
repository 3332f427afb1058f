package io.sherpa.ingest.authors;

import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.sites.AuthenticatedSite;
import io.sherpa.common.topics.Topics;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.comments.CommentStore;
import io.sherpa.ingest.comments.EventPublisher;
import io.sherpa.ingest.comments.StorageCalls;
import io.sherpa.ingest.web.ApiAuthenticationFilter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code DELETE /api/v1/authors/{authorId}}: publishes {@link AuthorErased} (acknowledged by Kafka, so every
 * service will erase its copy) and erases ingest's own. {@code 202}: the other services finish on their own.
 */
@RestController
public class ErasureController {

    private final EventPublisher publisher;
    private final CommentStore store;
    private final StorageCalls storage;
    private final Clock clock = Clock.systemUTC();

    public ErasureController(EventPublisher publisher, CommentStore store, StorageCalls storage) {
        this.publisher = publisher;
        this.store = store;
        this.storage = storage;
    }

    @DeleteMapping(path = "/api/v1/authors/{authorId}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> erase(
            @RequestAttribute(ApiAuthenticationFilter.SITE) AuthenticatedSite site, @PathVariable String authorId) {
        if (authorId.isBlank() || authorId.length() > 200) {
            throw ApiException.invalid(List.of(new ApiException.FieldError("authorId", "must be 1-200 characters")));
        }
        AuthorErased event = new AuthorErased(EventId.random(), site.siteId(), authorId, clock.instant());
        return publisher
                .publish(Topics.AUTHORS_ERASED, event.partitionKey(), event)
                // published: every service erases its copy; ingest's own, if the store fails now, on a retry
                .then(storage.bounded(
                        store.eraseAuthor(site.siteId(), authorId),
                        "The erasure was requested but this service's copy is not erased yet: send it again"))
                .map(erased -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("authorId", authorId);
                    body.put("status", "ERASURE_REQUESTED");
                    body.put("eventId", event.eventId().asString());
                    body.put("ingestCommentsErased", erased);
                    return ResponseEntity.accepted().body(body);
                });
    }
}
