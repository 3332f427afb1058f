package io.sherpa.ingest.comments;

import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.topics.Topics;
import io.sherpa.common.web.ApiException;
import io.sherpa.ingest.IngestProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Takes one comment in: validate, claim it in MongoDB (unique per site and external id), publish
 * {@link CommentSubmitted} and wait for Kafka's acknowledgement, then mark it accepted. If Kafka does
 * not acknowledge, the claim is released and the caller gets {@code 503}: no stored record says the
 * comment was accepted. The same comment again is a replay ({@code 200}); the same external id with
 * other content is a {@code 409}.
 */
@Service
public class CommentIntake {

    private static final Logger log = LoggerFactory.getLogger(CommentIntake.class);

    private final CommentStore store;
    private final EventPublisher publisher;
    private final CommentValidator validator;
    private final IntakeMetrics metrics;
    private final Clock clock;
    private final StorageCalls storage;
    private final Duration storageTimeout;

    public CommentIntake(
            CommentStore store,
            EventPublisher publisher,
            StorageCalls storage,
            IngestProperties settings,
            MeterRegistry meters) {
        this.store = store;
        this.publisher = publisher;
        this.validator = new CommentValidator(settings.maxTextLength());
        this.metrics = new IntakeMetrics(meters);
        this.clock = Clock.systemUTC();
        this.storage = storage;
        this.storageTimeout = settings.storageTimeout();
    }

    public Mono<IntakeResult> submit(SiteId site, CommentRequest request, String fieldPrefix) {
        return Mono.defer(() -> {
                    ValidComment comment = validator.validate(request, fieldPrefix);
                    return submitValid(site, comment);
                })
                .doOnNext(result -> metrics.count(site, result))
                .doOnError(error -> metrics.countFailure(site, error));
    }

    private Mono<IntakeResult> submitValid(SiteId site, ValidComment comment) {
        CommentId id = CommentId.derive(site, comment.externalId());
        String contentHash = contentHash(comment);
        Instant receivedAt = clock.instant();
        // every store operation of the intake is bounded, so a store that takes connections but does not answer
        // (restarting, overloaded) is a 503 within seconds, never a request left hanging; a claim that was written
        // after all is safe, a retry publishes it again
        return storage.bounded(
                        store.claim(id, site, comment, contentHash, receivedAt),
                        "Storage is unavailable; nothing was accepted")
                .flatMap(claim -> claim instanceof CommentStore.Claim.Existing existing
                        ? resubmitted(id, site, comment, contentHash, existing.comment())
                        : publishClaimed(id, site, comment, contentHash, receivedAt));
    }

    private Mono<IntakeResult> resubmitted(
            CommentId id, SiteId site, ValidComment comment, String contentHash, StoredComment stored) {
        if (!stored.siteId().equals(site.value()) || !contentHash.equals(stored.contentHash())) {
            return Mono.error(ApiException.conflict("A comment with externalId '" + comment.externalId()
                    + "' was already submitted with different content (id " + id + ")"));
        }
        if (stored.accepted()) {
            return Mono.just(new IntakeResult.Replayed(id, stored.publicStatus()));
        }
        // Claimed earlier but never confirmed (in flight elsewhere, or a crash): publishing again is safe,
        // every consumer is idempotent on commentId.
        return publishClaimed(id, site, comment, contentHash, clock.instant());
    }

    private Mono<IntakeResult> publishClaimed(
            CommentId id, SiteId site, ValidComment comment, String contentHash, Instant receivedAt) {
        Mono<String> parentAuthor = comment.parentExternalId() == null
                ? Mono.empty()
                : store.authorOf(site, CommentId.derive(site, comment.parentExternalId()))
                        .timeout(storageTimeout)
                        .onErrorResume(e -> Mono.empty());
        return parentAuthor
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(parentAuthorId -> {
                    CommentSubmitted event = toEvent(id, site, comment, parentAuthorId.orElse(null), receivedAt);
                    return publisher
                            .publish(Topics.COMMENTS_SUBMITTED, event.partitionKey(), event)
                            .onErrorResume(failure -> store.release(id)
                                    .timeout(storageTimeout)
                                    .onErrorResume(e -> Mono.empty())
                                    .then(Mono.error(failure)));
                })
                .then(store.markAccepted(id, site, comment, contentHash, receivedAt)
                        .timeout(storageTimeout)
                        .onErrorResume(e -> {
                            // Kafka has the comment, so it is accepted; the status view catches up from its decision.
                            log.warn("Comment {} published but not marked accepted: {}", id, e.toString());
                            return Mono.empty();
                        }))
                .thenReturn(new IntakeResult.Accepted(id));
    }

    private static CommentSubmitted toEvent(
            CommentId id, SiteId site, ValidComment c, String parentAuthorId, Instant receivedAt) {
        return new CommentSubmitted(
                EventId.random(),
                id,
                site,
                c.externalId(),
                c.postId(),
                c.postAuthorId(),
                c.postTitle(),
                c.postUrl(),
                c.parentExternalId() == null ? null : CommentId.derive(site, c.parentExternalId()),
                c.parentExternalId(),
                parentAuthorId,
                new CommentSubmitted.Author(c.authorId(), c.authorName(), c.authorEmailHash(), c.authorUrl()),
                c.text(),
                c.createdAt() == null ? receivedAt : c.createdAt(),
                receivedAt,
                new CommentSubmitted.Envelope(c.ipPrefix(), c.userAgent(), c.referrer()));
    }

    /** What makes two submissions "the same comment": post, parent, author and text. */
    static String contentHash(ValidComment c) {
        String canonical = String.join(
                "\u0000", c.postId(), c.parentExternalId() == null ? "" : c.parentExternalId(), c.authorId(), c.text());
        return CommentValidator.sha256(canonical);
    }
}
