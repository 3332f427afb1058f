package io.sherpa.notification.delivery;

import io.sherpa.common.json.EventJson;
import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.inbox.NotificationMetrics;
import io.sherpa.notification.inbox.NotificationStore;
import io.sherpa.notification.people.PeopleStore;
import io.sherpa.notification.people.Preferences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Works the outbox: due webhook and e-mail deliveries are claimed (so replicas never send one twice at
 * once), sent, and then marked delivered, retried later (exponential backoff with jitter) or, after the
 * last attempt, dead-lettered: stored, visible at {@code GET /api/v1/dead-letters}, counted.
 */
@Component
public class DeliveryWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final NotificationStore store;
    private final PeopleStore people;
    private final NotificationMetrics metrics;
    private final NotificationProperties settings;
    private final ObjectProvider<JavaMailSender> mail;
    private final WebClient http;
    private final Clock clock = Clock.systemUTC();
    private Disposable loop;

    public DeliveryWorker(
            NotificationStore store,
            PeopleStore people,
            NotificationMetrics metrics,
            NotificationProperties settings,
            ObjectProvider<JavaMailSender> mail) {
        this.store = store;
        this.people = people;
        this.metrics = metrics;
        this.settings = settings;
        this.mail = mail;
        this.http = WebClient.builder().build();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        loop = Flux.interval(settings.deliveryInterval())
                .onBackpressureDrop()
                .concatMap(
                        tick -> runOnce().onErrorResume(e -> {
                            log.warn("Delivery round failed: {}", e.toString());
                            return Mono.empty();
                        }),
                        1)
                .subscribe();
    }

    Mono<Void> runOnce() {
        Instant now = clock.instant();
        return Flux.concat(store.due("webhook", now, 50), store.due("email", now, 50))
                .concatMap(item -> store.claim(
                                item, now, now.plus(settings.webhookTimeout().multipliedBy(3)))
                        .filter(Boolean::booleanValue)
                        .flatMap(claimed -> deliver(item)))
                .then();
    }

    private Mono<Void> deliver(Document item) {
        return store.findDocument(item.getString("notificationId")).flatMap(notification -> {
            if (Boolean.TRUE.equals(notification.getBoolean("withdrawn"))) {
                return Mono.empty();
            }
            return people.deliveryPreferences(item.getString("siteId"), item.getString("recipientId"))
                    .flatMap(prefs -> "webhook".equals(item.getString("channel"))
                            ? webhook(item, notification, prefs)
                            : email(item, notification, prefs));
        });
    }

    private Mono<Void> webhook(Document item, Document notification, Preferences prefs) {
        String kind = notification.getString("kind");
        if (prefs.webhookUrl() == null || prefs.webhookSecret() == null) {
            return fail(item, kind, "no webhook configured any more", true);
        }
        String body = EventJson.write(payload(notification));
        return Mono.fromCallable(() -> WebhookUrls.problem(prefs.webhookUrl(), settings.allowPrivateWebhooks()))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(problem -> problem.isPresent()
                        ? fail(item, kind, "webhook URL " + problem.get(), true)
                        : http.post()
                                .uri(prefs.webhookUrl())
                                .contentType(MediaType.APPLICATION_JSON)
                                .header(
                                        "Sherpa-Signature",
                                        WebhookSignature.header(
                                                prefs.webhookSecret(),
                                                clock.instant().getEpochSecond(),
                                                body))
                                .header("Sherpa-Notification-Id", notification.getString("_id"))
                                .bodyValue(body)
                                .retrieve()
                                .toBodilessEntity()
                                .timeout(settings.webhookTimeout())
                                .then(succeed(item, kind))
                                .onErrorResume(e ->
                                        fail(item, kind, e.getClass().getSimpleName() + ": " + e.getMessage(), false)));
    }

    private Mono<Void> email(Document item, Document notification, Preferences prefs) {
        String kind = notification.getString("kind");
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null || prefs.email() == null) {
            return store.deadLetter(item, 0, "e-mail is not configured (no SMTP host or no address)", clock.instant())
                    .doOnSuccess(v -> metrics.count("email", kind, "skipped"));
        }
        return Mono.fromRunnable(() -> sender.send(message(notification, prefs)))
                .subscribeOn(Schedulers.boundedElastic())
                .then(succeed(item, kind))
                .onErrorResume(e -> fail(item, kind, e.getClass().getSimpleName() + ": " + e.getMessage(), false));
    }

    private SimpleMailMessage message(Document n, Preferences prefs) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(settings.mailFrom());
        message.setTo(prefs.email());
        message.setSubject(subject(n));
        String unsubscribe = prefs.unsubscribeToken() == null
                ? ""
                : "\n\nTo stop these e-mails: " + settings.publicUrl() + "/api/v1/unsubscribe?token="
                        + prefs.unsubscribeToken();
        message.setText(subject(n) + ":\n\n  \"" + n.getString("excerpt") + "\"\n\nPost: " + n.getString("postId")
                + ", comment " + n.getString("commentId") + unsubscribe);
        return message;
    }

    private static String subject(Document n) {
        Document actor = n.get("actor", Document.class);
        String who = actor == null ? "Someone" : actor.getString("name");
        return switch (n.getString("kind")) {
            case "REPLY" -> who + " replied to your comment";
            case "COMMENT_ON_POST" -> who + " commented on your post";
            case "NEWCOMER_FIRST_COMMENT" -> who + " just posted their first comment: say hello";
            case "NEWCOMER_UNANSWERED" -> who + " asked a question nobody has answered yet";
            default -> "New activity";
        };
    }

    private Mono<Void> succeed(Document item, String kind) {
        Instant now = clock.instant();
        return store.delivered(item, now).doOnSuccess(v -> {
            metrics.count(item.getString("channel"), kind, "delivered");
            java.util.Date decided = item.getDate("decidedAt");
            if (decided != null) {
                metrics.delivered(item.getString("channel"), Duration.between(decided.toInstant(), now));
            }
        });
    }

    private Mono<Void> fail(Document item, String kind, String error, boolean permanent) {
        int attempts = ((Number) item.getOrDefault("attempts", 0)).intValue() + 1;
        Instant now = clock.instant();
        if (permanent || attempts >= settings.webhookAttempts()) {
            log.warn("Delivery {} dead-lettered after {} attempts: {}", item.getString("_id"), attempts, error);
            return store.deadLetter(item, attempts, error, now)
                    .doOnSuccess(v -> metrics.count(item.getString("channel"), kind, "dead"));
        }
        long base = settings.webhookBackoff().toMillis() << Math.min(attempts - 1, 16);
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return store.retryLater(item, attempts, now.plusMillis(jittered), error)
                .doOnSuccess(v -> metrics.count(item.getString("channel"), kind, "retried"));
    }

    static Map<String, Object> payload(Document n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", n.getString("_id"));
        body.put("kind", n.getString("kind"));
        body.put("siteId", n.getString("siteId"));
        body.put("recipientId", n.getString("recipientId"));
        body.put("commentId", n.getString("commentId"));
        body.put("postId", n.getString("postId"));
        Document actor = n.get("actor", Document.class);
        body.put(
                "actor",
                actor == null
                        ? null
                        : Map.of(
                                "id",
                                String.valueOf(actor.getString("id")),
                                "name",
                                String.valueOf(actor.getString("name"))));
        body.put("excerpt", n.getString("excerpt"));
        body.put("createdAt", n.getDate("createdAt").toInstant().toString());
        return body;
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
