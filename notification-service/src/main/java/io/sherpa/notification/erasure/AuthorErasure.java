package io.sherpa.notification.erasure;

import io.sherpa.common.events.AuthorErased;
import io.sherpa.common.json.EventJson;
import io.sherpa.notification.inbox.CommentViewStore;
import io.sherpa.notification.inbox.NotificationStore;
import io.sherpa.notification.people.ErasedAuthors;
import io.sherpa.notification.people.PeopleStore;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Applies {@link AuthorErased} to this service's database. The erasure is remembered first, so a decision
 * of theirs applied from now on is anonymised as it is written; then what is stored already is anonymised
 * (where they are the actor) and deleted (where they are the recipient). Every step is idempotent and runs
 * on every delivery, so a replay, or a redelivery after a crash half-way, completes the erasure and changes
 * nothing more. Errors reach the container's error handler (retries, then {@code .DLT}).
 */
@Service
public class AuthorErasure {

    private static final Logger log = LoggerFactory.getLogger(AuthorErasure.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ErasedAuthors erased;
    private final CommentViewStore view;
    private final NotificationStore notifications;
    private final PeopleStore people;

    public AuthorErasure(
            ErasedAuthors erased, CommentViewStore view, NotificationStore notifications, PeopleStore people) {
        this.erased = erased;
        this.view = view;
        this.notifications = notifications;
        this.people = people;
    }

    @KafkaListener(id = "author-erasure", groupId = "notification-service", topics = "sherpa.authors.erased.v1")
    void onErased(ConsumerRecord<String, String> record) {
        erase(EventJson.read(record.value(), AuthorErased.class)).block(TIMEOUT);
    }

    /** What one erasure did (counts only: no names, no ids of the person). */
    public record Outcome(boolean firstTime, long comments, long notifications, long contacts, long inbox) {}

    public Mono<Outcome> erase(AuthorErased event) {
        String site = event.siteId().value();
        String author = event.authorId();
        return erased.remember(event)
                .flatMap(firstTime -> Mono.zip(
                                // as the actor: what they wrote
                                view.anonymiseAuthor(site, author),
                                notifications.anonymiseActor(site, author),
                                // as a recipient: how to reach them, and what they were told
                                people.erasePerson(site, author),
                                notifications.eraseRecipient(site, author))
                        .map(done -> new Outcome(firstTime, done.getT1(), done.getT2(), done.getT3(), done.getT4())))
                .doOnNext(o -> log.info(
                        "Erasure {} on site {} applied ({}): {} comment views and {} notifications anonymised, "
                                + "{} contact records and {} inbox items deleted",
                        event.eventId().asString(),
                        site,
                        o.firstTime() ? "first time" : "again",
                        o.comments(),
                        o.notifications(),
                        o.contacts(),
                        o.inbox()));
    }
}
