package io.sherpa.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.test.SherpaInfrastructure;
import io.sherpa.notification.Decisions;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.people.ErasedAuthors;
import io.sherpa.notification.people.PeopleStore;
import io.sherpa.notification.people.Preferences;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A poll applies a decision in several writes (notifications, their deliveries, waiting replies, the comment's
 * view) and can fail between any two. These tests leave the store as such a failure would, over the MongoDB wire
 * protocol, and deliver the decision again: what the failed poll did not write is written, nothing twice.
 */
@SpringBootTest
class PartialApplyTests {

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
    PeopleStore people;

    @Autowired
    MongoClient mongo;

    @Autowired
    NotificationProperties settings;

    @Test
    void aPollThatFailedAfterStoringANotificationQueuesItsDeliveryWhenTheDecisionComesAgain() {
        String site = "partial-" + UUID.randomUUID().toString().substring(0, 6);
        people.savePreferences(new Preferences(
                        site,
                        "cara",
                        List.of("inbox", "email"),
                        "cara@example.org",
                        null,
                        null,
                        "daily",
                        List.of(),
                        null))
                .block(WAIT);
        CommentDecided byPam =
                Decisions.approved(site, "p1", "post-1", "cara", "pam", "Pam", "what do you grow?", null, null);
        apply(byPam);
        assertThat(kindsOf(site, "cara")).hasSize(1);
        String notificationId =
                first(collection("notifications"), recipient(site, "cara")).getString("_id");
        assertThat(outboxOf(notificationId)).containsExactly(notificationId + ":email");

        // what a poll that failed after storing the notification leaves: no delivery queued, no view written
        Mono.from(collection("outbox").deleteMany(Filters.eq("notificationId", notificationId)))
                .block(WAIT);
        Mono.from(collection("comments")
                        .deleteOne(Filters.eq("_id", byPam.commentId().asString())))
                .block(WAIT);
        apply(byPam);

        assertThat(outboxOf(notificationId)).containsExactly(notificationId + ":email");
        assertThat(kindsOf(site, "cara")).hasSize(1);
    }

    @Test
    void aParentDeliveredAgainTellsItsAuthorOfTheRepliesItsFailedPollDidNot() {
        String site = "partial-" + UUID.randomUUID().toString().substring(0, 6);
        CommentId parentId = CommentId.derive(SiteId.of(site), "p1");
        // Zoe's reply arrives before its parent: it waits for it
        CommentDecided byZoe =
                Decisions.approved(site, "z1", "post-1", "cara", "zoe", "Zoe", "try raised beds", parentId, null);
        apply(byZoe);
        CommentDecided byPam =
                Decisions.approved(site, "p1", "post-1", "cara", "pam", "Pam", "what do you grow?", null, null);
        apply(byPam);
        assertThat(kindsOf(site, "pam")).containsExactly("REPLY");

        // what a poll that failed after writing Pam's view, before telling her of the reply, leaves
        Mono.from(collection("notifications").deleteMany(recipient(site, "pam")))
                .block(WAIT);
        Mono.from(collection("awaiting_parent")
                        .updateOne(
                                Filters.eq("_id", parentId.asString()),
                                Updates.addToSet("replies", byZoe.commentId().asString()),
                                new com.mongodb.client.model.UpdateOptions().upsert(true)))
                .block(WAIT);
        apply(byPam);

        assertThat(kindsOf(site, "pam")).containsExactly("REPLY");
        assertThat(Mono.from(collection("awaiting_parent")
                                .find(Filters.eq("_id", parentId.asString()))
                                .first())
                        .blockOptional(WAIT))
                .as("the waiting list, once told about")
                .isEmpty();
    }

    @Test
    void aFiredTimerIsHeldNotDeletedSoAFailureWhileTellingTheMentorsFiresItAgain() {
        String question = "partial-question-" + UUID.randomUUID();
        // due an hour from now, so this service's own timer worker leaves it to the test
        java.time.Instant due = java.time.Instant.now().plus(Duration.ofHours(1));
        java.time.Instant firedAt = due.plusSeconds(1);
        Duration lease = Duration.ofMinutes(1);
        view.startTimer(question, "partial", due).block(WAIT);

        assertThat(view.fire(question, firedAt, lease).block(WAIT)).isTrue();
        assertThat(view.fire(question, firedAt.plusSeconds(5), lease).block(WAIT))
                .as("held by the replica that fired it")
                .isFalse();
        // that replica failed before telling the mentors and cancelling the timer: due again after the lease
        java.time.Instant later = firedAt.plus(lease).plusSeconds(1);
        assertThat(view.dueTimers(later)
                        .map(t -> t.getString("_id"))
                        .collectList()
                        .block(WAIT))
                .contains(question);
        assertThat(view.fire(question, later, lease).block(WAIT)).isTrue();
        view.cancelTimer(question).block(WAIT);
        assertThat(view.fire(question, later.plus(Duration.ofHours(1)), lease).block(WAIT))
                .isFalse();
    }

    @Test
    void aTimerThatFiresBeforeItsQuestionIsWrittenIsKeptForLater() {
        String site = "partial-" + UUID.randomUUID().toString().substring(0, 6);
        CommentDecided question =
                Decisions.approved(site, "q1", "post-1", "cara", "newbie", "Newbie", "How do I start?", null, null);
        String id = question.commentId().asString();
        assertThat(pipeline.unanswered(id).block(WAIT))
                .as("no view yet: the decision that started the timer is still being applied")
                .isFalse();
        apply(question);
        assertThat(pipeline.unanswered(id).block(WAIT)).isTrue();
    }

    private void apply(CommentDecided d) {
        ErasureCheck check = new ErasureCheck(erased);
        pipeline.handle(d, check)
                .then(Mono.defer(() -> check.finish(view, notifications)))
                .block(WAIT);
    }

    private List<String> outboxOf(String notificationId) {
        return Flux.from(collection("outbox").find(Filters.eq("notificationId", notificationId)))
                .map(d -> d.getString("_id"))
                .collectList()
                .block(WAIT);
    }

    private List<String> kindsOf(String site, String recipient) {
        return Flux.from(collection("notifications").find(recipient(site, recipient)))
                .map(d -> d.getString("kind"))
                .collectList()
                .block(WAIT);
    }

    private static org.bson.conversions.Bson recipient(String site, String recipient) {
        return Filters.and(Filters.eq("siteId", site), Filters.eq("recipientId", recipient));
    }

    private MongoCollection<Document> collection(String name) {
        return mongo.getDatabase(settings.database()).getCollection(name);
    }

    private static Document first(MongoCollection<Document> c, org.bson.conversions.Bson filter) {
        return Mono.from(c.find(filter).first()).block(WAIT);
    }
}
