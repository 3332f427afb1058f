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

    /** How long one e-mail may hold its items: an SMTP attempt gives up within its three 10 s timeouts. */
    static final Duration MAIL_LEASE = Duration.ofMinutes(2);

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

    private final java.util.concurrent.atomic.AtomicLong emailWaiting = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong webhookWaiting = new java.util.concurrent.atomic.AtomicLong();
    private long rounds;

    /** {@code sherpa_notification_outbox_size{channel}}: deliveries waiting, digests included. */
    @org.springframework.beans.factory.annotation.Autowired
    void registerGauges(io.micrometer.core.instrument.MeterRegistry meters) {
        io.micrometer.core.instrument.Gauge.builder(
                        "sherpa.notification.outbox.size", emailWaiting, java.util.concurrent.atomic.AtomicLong::get)
                .description("Deliveries waiting, e-mail digests included")
                .tag("channel", "email")
                .register(meters);
        io.micrometer.core.instrument.Gauge.builder(
                        "sherpa.notification.outbox.size", webhookWaiting, java.util.concurrent.atomic.AtomicLong::get)
                .description("Deliveries waiting, e-mail digests included")
                .tag("channel", "webhook")
                .register(meters);
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
        // each item is claimed just before it is sent, for as long as sending it may take: a lease taken for the
        // whole round ran out while the round was still sending, and another replica sent the same item again
        Mono<Void> webhooks = store.due("webhook", now, 50)
                .concatMap(item ->
                        claim(item, settings.webhookTimeout().multipliedBy(3)).flatMap(claimed -> deliver(item)))
                .then();
        // e-mails: everything due for one person goes out as one message (a digest when there are several)
        Mono<Void> emails = store.due("email", now, 200)
                .collectMultimap(item -> item.getString("siteId") + "/" + item.getString("recipientId"))
                .flatMapMany(byPerson -> Flux.fromIterable(byPerson.values()))
                .concatMap(items -> Flux.fromIterable(items)
                        .concatMap(item -> claim(item, MAIL_LEASE))
                        .collectList()
                        .filter(claimed -> !claimed.isEmpty())
                        .flatMap(claimed -> emailGroup(new java.util.ArrayList<>(claimed))))
                .then();
        Mono<Void> gauges = rounds++ % 20 != 0
                ? Mono.empty()
                : store.outboxSize("email")
                        .doOnNext(emailWaiting::set)
                        .then(store.outboxSize("webhook").doOnNext(webhookWaiting::set))
                        .then(Mono.fromRunnable(() -> forgetQuietPeople(clock.instant())));
        return webhooks.then(emails).then(gauges);
    }

    /** Drops the people sent nothing within the burst window, so the map holds the recent ones, not everyone ever. */
    private void forgetQuietPeople(Instant now) {
        Instant windowStart = now.minus(settings.mailBurstWindow());
        sentRecently.entrySet().removeIf(person -> {
            java.util.Deque<Instant> recent = person.getValue();
            synchronized (recent) {
                recent.removeIf(t -> t.isBefore(windowStart));
                return recent.isEmpty();
            }
        });
    }

    /** Sent e-mails per person, to fold a burst: over the cap within the window, the next ones wait and go out together. */
    private final Map<String, java.util.Deque<Instant>> sentRecently = new java.util.concurrent.ConcurrentHashMap<>();

    private Mono<Void> emailGroup(java.util.List<Document> items) {
        Document first = items.get(0);
        String person = first.getString("siteId") + "/" + first.getString("recipientId");
        Instant now = clock.instant();
        java.util.Deque<Instant> recent = sentRecently.computeIfAbsent(person, p -> new java.util.ArrayDeque<>());
        synchronized (recent) {
            recent.removeIf(t -> t.isBefore(now.minus(settings.mailBurstWindow())));
            if (recent.size() >= settings.mailBurstCap()) {
                Instant later = recent.peekFirst().plus(settings.mailBurstWindow());
                return Flux.fromIterable(items)
                        .concatMap(item -> store.retryLater(
                                item,
                                ((Number) item.getOrDefault("attempts", 0)).intValue(),
                                later,
                                "folded into a digest"))
                        .then();
            }
            recent.addLast(now);
        }
        return Flux.fromIterable(items)
                .concatMap(item ->
                        store.findDocument(item.getString("notificationId")).map(n -> new Document[] {item, n}))
                .collectList()
                .flatMap(pairs -> {
                    java.util.List<Document[]> live = pairs.stream()
                            .filter(p -> !Boolean.TRUE.equals(p[1].getBoolean("withdrawn")))
                            .toList();
                    if (live.isEmpty()) {
                        return Mono.empty();
                    }
                    return people.deliveryPreferences(first.getString("siteId"), first.getString("recipientId"))
                            .flatMap(prefs -> email(live, prefs));
                });
    }

    /** The item, if this replica holds it now for {@code lease}; empty when another one does. */
    private Mono<Document> claim(Document item, Duration lease) {
        return Mono.defer(() -> {
            Instant at = clock.instant();
            return store.claim(item, at, at.plus(lease))
                    .filter(Boolean::booleanValue)
                    .map(claimed -> item);
        });
    }

    private Mono<Void> deliver(Document item) {
        return store.findDocument(item.getString("notificationId")).flatMap(notification -> {
            if (Boolean.TRUE.equals(notification.getBoolean("withdrawn"))) {
                return Mono.empty();
            }
            return people.deliveryPreferences(item.getString("siteId"), item.getString("recipientId"))
                    .flatMap(prefs -> webhook(item, notification, prefs));
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

    private Mono<Void> email(java.util.List<Document[]> pairs, Preferences prefs) {
        JavaMailSender sender = mail.getIfAvailable();
        if (sender == null || prefs.email() == null || !prefs.channels().contains("email")) {
            return Flux.fromIterable(pairs)
                    .concatMap(p -> store.deadLetter(
                                    p[0],
                                    0,
                                    "e-mail is off (no SMTP host, no address, or unsubscribed)",
                                    clock.instant())
                            .doOnSuccess(v -> metrics.count("email", p[1].getString("kind"), "skipped")))
                    .then();
        }
        return Mono.fromRunnable(() -> sender.send(mimeMessage(sender, pairs, prefs)))
                .subscribeOn(Schedulers.boundedElastic())
                .then(Flux.fromIterable(pairs)
                        .concatMap(p -> succeed(p[0], p[1].getString("kind")))
                        .then())
                .onErrorResume(e -> Flux.fromIterable(pairs)
                        .concatMap(p -> fail(
                                p[0],
                                p[1].getString("kind"),
                                e.getClass().getSimpleName() + ": " + e.getMessage(),
                                false))
                        .then());
    }

    /** One notification, or a digest grouped by post; plain text and HTML; always the unsubscribe link. */
    private jakarta.mail.internet.MimeMessage mimeMessage(
            JavaMailSender sender, java.util.List<Document[]> pairs, Preferences prefs) {
        try {
            jakarta.mail.internet.MimeMessage message = sender.createMimeMessage();
            org.springframework.mail.javamail.MimeMessageHelper helper =
                    new org.springframework.mail.javamail.MimeMessageHelper(message, true, "UTF-8");
            helper.setFrom(settings.mailFrom());
            helper.setTo(prefs.email());
            String unsubscribe = prefs.unsubscribeToken() == null
                    ? null
                    : settings.publicUrl() + "/api/v1/unsubscribe?token=" + prefs.unsubscribeToken();
            StringBuilder text = new StringBuilder();
            StringBuilder html = new StringBuilder("<html><body>");
            if (pairs.size() == 1) {
                Document n = pairs.get(0)[1];
                helper.setSubject(subject(n));
                text.append(subject(n))
                        .append(":\n\n  \"")
                        .append(n.getString("excerpt"))
                        .append("\"\n\nPost: ")
                        .append(n.getString("postId"))
                        .append(", comment ")
                        .append(n.getString("commentId"))
                        .append('\n');
                html.append("<p>")
                        .append(escape(subject(n)))
                        .append(":</p><blockquote>")
                        .append(escape(n.getString("excerpt")))
                        .append("</blockquote><p>Post ")
                        .append(escape(n.getString("postId")))
                        .append("</p>");
            } else {
                helper.setSubject(pairs.size() + " new notifications");
                Map<String, java.util.List<Document>> byPost = new LinkedHashMap<>();
                pairs.forEach(p -> byPost.computeIfAbsent(
                                String.valueOf(p[1].getString("postId")), k -> new java.util.ArrayList<>())
                        .add(p[1]));
                byPost.forEach((post, items) -> {
                    text.append("On post ").append(post).append(":\n");
                    html.append("<h3>On post ").append(escape(post)).append("</h3><ul>");
                    for (Document n : items) {
                        text.append("  - ")
                                .append(subject(n))
                                .append(": \"")
                                .append(n.getString("excerpt"))
                                .append("\"\n");
                        html.append("<li>")
                                .append(escape(subject(n)))
                                .append(": <q>")
                                .append(escape(n.getString("excerpt")))
                                .append("</q></li>");
                    }
                    html.append("</ul>");
                    text.append('\n');
                });
            }
            if (unsubscribe != null) {
                text.append("\nTo stop these e-mails: ").append(unsubscribe).append('\n');
                html.append("<p><a href=\"").append(escape(unsubscribe)).append("\">Stop these e-mails</a></p>");
            }
            html.append("</body></html>");
            helper.setText(text.toString(), html.toString());
            return message;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String escape(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
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
