package io.sherpa.ingest.comments;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.ingest.IngestProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The claim, publish and confirm steps of two requests for the same comment that overlap (a client's
 * retry while its first request's publish is slow): whichever publish succeeds leaves an accepted record,
 * whatever the other request's failure released. Against the MongoDB wire protocol.
 */
class CommentStoreTest {

    private static final SiteId SITE = new SiteId("store-race");
    private static final Duration WAIT = Duration.ofSeconds(10);

    static MongoClient mongo;
    static CommentStore store;

    @BeforeAll
    static void connect() {
        mongo = MongoClients.create(SherpaInfrastructure.mongoUri());
        store = new CommentStore(mongo, settings("sherpa_ingest_store_race"));
        store.ensureIndexes().block(WAIT);
    }

    @AfterAll
    static void close() {
        mongo.close();
    }

    @Test
    void aPublishThatSucceedsAfterTheOtherRequestsFailureReleasedTheClaimStillLeavesTheCommentAccepted() {
        ValidComment comment = aComment();
        CommentId id = CommentId.derive(SITE, comment.externalId());
        Instant first = Instant.parse("2026-11-28T03:00:00Z");

        assertThat(store.claim(id, SITE, comment, "hash-1", first).block(WAIT))
                .isInstanceOf(CommentStore.Claim.Claimed.class);
        // the retry finds the first request's claim, not yet accepted, and publishes too
        assertThat(store.claim(id, SITE, comment, "hash-1", first.plusSeconds(2))
                        .block(WAIT))
                .isInstanceOf(CommentStore.Claim.Existing.class);
        // the first request's publish fails: it releases the claim
        store.release(id).block(WAIT);
        // the retry's publish succeeds
        store.markAccepted(id, SITE, comment, "hash-1", first.plusSeconds(2)).block(WAIT);

        StoredComment stored = store.find(id).block(WAIT);
        assertThat(stored).isNotNull();
        assertThat(stored.accepted()).isTrue();
        assertThat(stored.siteId()).isEqualTo(SITE.value());
        assertThat(stored.contentHash()).isEqualTo("hash-1");
        assertThat(stored.authorId()).isEqualTo("author-1");
    }

    @Test
    void aFailedRequestNeverReleasesAClaimThatAnotherRequestsPublishConfirmed() {
        ValidComment comment = aComment();
        CommentId id = CommentId.derive(SITE, comment.externalId());
        Instant at = Instant.parse("2026-11-28T03:00:00Z");

        store.claim(id, SITE, comment, "hash-1", at).block(WAIT);
        store.markAccepted(id, SITE, comment, "hash-1", at).block(WAIT);
        store.release(id).block(WAIT);

        assertThat(store.find(id).blockOptional(WAIT))
                .hasValueSatisfying(stored -> assertThat(stored.accepted()).isTrue());
    }

    @Test
    void aClaimWhosePublishFailedIsGone() {
        ValidComment comment = aComment();
        CommentId id = CommentId.derive(SITE, comment.externalId());

        store.claim(id, SITE, comment, "hash-1", Instant.now()).block(WAIT);
        store.release(id).block(WAIT);

        assertThat(store.find(id).blockOptional(WAIT)).isEmpty();
    }

    private static ValidComment aComment() {
        return new ValidComment(
                "c-" + UUID.randomUUID(),
                "post-1",
                "post-author",
                null,
                null,
                null,
                "author-1",
                "Author One",
                null,
                null,
                "Thanks for the write-up.",
                Instant.parse("2026-11-28T02:59:59Z"),
                null,
                null,
                null);
    }

    private static IngestProperties settings(String database) {
        return new IngestProperties(
                database,
                null,
                DataSize.ofKilobytes(64),
                DataSize.ofMegabytes(8),
                10_000,
                500,
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                200,
                Duration.ofSeconds(1),
                new IngestProperties.RateLimit(50, 2),
                new IngestProperties.DemoSite("demo", null, 20_000));
    }
}
