package io.sherpa.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.notification.Decisions;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.people.ErasedAuthors;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A poll's two looks for erasures, against the MongoDB wire protocol: what the first look saw decides how a
 * decision is written; a person erased after it and before the second look loses what the poll wrote —
 * their name and text where they are the author, their notifications where they are the recipient.
 */
@SpringBootTest
class ErasureCheckTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        SherpaInfrastructure.register(registry);
    }

    @Autowired
    NotificationPipeline pipeline;

    @Autowired
    ErasedAuthors erased;

    @Autowired
    CommentViewStore view;

    @Autowired
    NotificationStore notifications;

    @Autowired
    MongoClient mongo;

    @Autowired
    NotificationProperties settings;

    @Test
    void someoneErasedBetweenThePollsTwoLooksLosesWhatThePollWrote() {
        String site = "check-" + UUID.randomUUID().toString().substring(0, 6);
        CommentDecided byXavier = approved(site, "x1", "xavier", "Xavier Quill", "my secret recipe", "amber");
        ErasureCheck check = firstLook(site, "xavier", "amber");

        pipeline.handle(byXavier, check).block(WAIT);
        // written in full: nobody was erased at the first look
        assertThat(viewOf(byXavier).getString("authorName")).isEqualTo("Xavier Quill");
        assertThat(inboxOf(site, "amber")).hasSize(1);

        // both erased now, after the first look; a first look now would say so, this poll's does not
        erase(site, "xavier");
        erase(site, "amber");
        assertThat(check.isErased(site, "xavier").block(WAIT)).isFalse();
        assertThat(erased.isErased(site, "xavier").block(WAIT)).isTrue();

        check.finish(view, notifications).block(WAIT);
        assertThat(viewOf(byXavier).getString("authorName")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(viewOf(byXavier).getString("excerpt")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(inboxOf(site, "amber"))
                .as("the erased recipient's notification")
                .isEmpty();
    }

    @Test
    void someoneErasedBeforeThePollIsWrittenAnonymouslyAndNotNotified() {
        String site = "check-" + UUID.randomUUID().toString().substring(0, 6);
        erase(site, "yves");
        erase(site, "bea");
        CommentDecided byYves = approved(site, "y1", "yves", "Yves", "call me on my private line", "bea");
        ErasureCheck check = firstLook(site, "yves", "bea");

        pipeline.handle(byYves, check)
                .then(Mono.defer(() -> check.finish(view, notifications)))
                .block(WAIT);

        assertThat(viewOf(byYves).getString("authorName")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(viewOf(byYves).getString("excerpt")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(inboxOf(site, "bea")).isEmpty();
    }

    @Test
    void aDecisionDeliveredAgainAfterItsSecondLookFailedRemovesWhatItsFirstDeliveryWrote() {
        String site = "check-" + UUID.randomUUID().toString().substring(0, 6);
        CommentDecided byPam = approved(site, "p1", "pam", "Pam", "what do you grow?", "cara");
        ErasureCheck earlier = firstLook(site, "pam", "cara");
        pipeline.handle(byPam, earlier)
                .then(Mono.defer(() -> earlier.finish(view, notifications)))
                .block(WAIT);
        // Zoe replies to Pam; the event does not name Pam, the first delivery finds her in the parent's view
        CommentDecided byZoe = Decisions.approved(
                site, "z1", "post-1", "cara", "zoe", "Zoe Ash", "my home address is", byPam.commentId(), null);
        ErasureCheck first = firstLook(site, "zoe", "cara");
        pipeline.handle(byZoe, first).block(WAIT);
        assertThat(viewOf(byZoe).getString("authorName")).isEqualTo("Zoe Ash");
        assertThat(inboxOf(site, "pam")).as("Pam told of Zoe's reply").hasSize(1);

        // all three erased (the erasure's own sweep ran before those writes landed); the first delivery's
        // second look never happens (the store failed), so the decision is delivered again
        erase(site, "zoe");
        erase(site, "cara");
        erase(site, "pam");
        ErasureCheck again = firstLook(site, "zoe", "cara");
        pipeline.handle(byZoe, again)
                .then(Mono.defer(() -> again.finish(view, notifications)))
                .block(WAIT);

        assertThat(viewOf(byZoe).getString("authorName")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(viewOf(byZoe).getString("excerpt")).isEqualTo(ErasedAuthors.MARKER);
        assertThat(inboxOf(site, "cara"))
                .as("the notifications the first deliveries wrote for the erased post author")
                .isEmpty();
        assertThat(inboxOf(site, "pam"))
                .as("the reply notification the first delivery wrote for the erased parent author")
                .isEmpty();
    }

    /** A poll's first look, at these people of the site. */
    private ErasureCheck firstLook(String site, String... people) {
        ErasureCheck check = new ErasureCheck(erased);
        check.prefetch(Stream.of(people).map(p -> ErasedAuthors.key(site, p)).toList())
                .block(WAIT);
        return check;
    }

    private void erase(String site, String person) {
        erased.remember(new AuthorErased(EventId.random(), SiteId.of(site), person, Instant.now()))
                .block(WAIT);
    }

    private Document viewOf(CommentDecided d) {
        return view.find(d.commentId().asString()).block(WAIT);
    }

    private List<Document> inboxOf(String site, String recipient) {
        MongoCollection<Document> all = mongo.getDatabase(settings.database()).getCollection("notifications");
        return Flux.from(all.find(Filters.and(Filters.eq("siteId", site), Filters.eq("recipientId", recipient))))
                .collectList()
                .block(WAIT);
    }

    private static CommentDecided approved(
            String site, String ext, String author, String name, String text, String postAuthor) {
        return Decisions.approved(site, ext, "post-1", postAuthor, author, name, text, null, null);
    }
}
