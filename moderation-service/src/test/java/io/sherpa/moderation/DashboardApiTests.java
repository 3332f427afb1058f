package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.test.Actuator;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import io.sherpa.moderation.pipeline.DecisionCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;
import reactor.core.publisher.Mono;

/**
 * The dashboard's HTTP side without a browser: sign-in, the session cookie, CSRF on session-borne calls,
 * the audit log, the overview against Prometheus, moderator accounts, the queue's filters and author action.
 */
class DashboardApiTests extends RunningService {

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    @Autowired
    MongoClient mongo;

    @Autowired
    ModerationProperties settings;

    @Test
    void theSessionCookieIsHttpOnlyAndStrictAndEverySessionPostNeedsTheCsrfToken() {
        String site = newSite();
        String name = moderatorOf(site, false);
        CommentSubmitted comment = held(site, "csrf-1", "carl", "mail carl@mail.example");

        // the sign-in form itself is CSRF-protected
        http.post()
                .uri("/login")
                .body(BodyInserters.fromFormData("username", name).with("password", "password-1"))
                .exchange()
                .expectStatus()
                .isForbidden();

        String session = signIn(name, "password-1");
        Map<?, ?> me = http.get()
                .uri("/api/v1/me")
                .cookie("SESSION", session)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(me.get("username")).isEqualTo(name);
        assertThat(me.get("sites")).isEqualTo(List.of(site));
        Map<?, ?> csrf = (Map<?, ?>) me.get("csrf");

        String id = comment.commentId().asString();
        http.post()
                .uri("/api/v1/comments/{id}/decision", id)
                .cookie("SESSION", session)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "APPROVED"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri("/api/v1/comments/{id}/decision", id)
                .cookie("SESSION", session)
                .header((String) csrf.get("headerName"), "forged")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "APPROVED"))
                .exchange()
                .expectStatus()
                .isForbidden();
        assertThat(awaitDecisions(List.of(id), 1).get(id).sequence()).isEqualTo(1);

        http.post()
                .uri("/api/v1/comments/{id}/decision", id)
                .cookie("SESSION", session)
                .header((String) csrf.get("headerName"), (String) csrf.get("token"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "APPROVED", "note", "fine"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.moderatorId")
                .isEqualTo(name);

        // signing out needs the token too, and ends the session
        http.post()
                .uri("/logout")
                .cookie("SESSION", session)
                .exchange()
                .expectStatus()
                .isForbidden();
        http.post()
                .uri("/logout")
                .cookie("SESSION", session)
                .body(BodyInserters.fromFormData("_csrf", (String) csrf.get("token")))
                .exchange()
                .expectStatus()
                .isFound();
        http.get()
                .uri("/api/v1/me")
                .cookie("SESSION", session)
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void pagesNeedASignInAndCarryTheContentSecurityPolicy() {
        http.get().uri("/").exchange().expectStatus().isFound().expectHeader().valueEquals("Location", "/login");
        http.get()
                .uri("/login?error")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("Content-Security-Policy", csp -> assertThat(csp).startsWith("default-src 'self'"))
                .expectBody(String.class)
                .value(html -> assertThat(html).contains("Wrong user name or password"));
        http.get()
                .uri("/assets/app.js")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(js -> assertThat(js).doesNotContain("innerHTML").doesNotContain("eval("));
    }

    @Test
    void theAuditLogRecordsWhoDecidedWhatAndWhyOnlyForTheirSites() {
        String site = newSite();
        String name = moderatorOf(site, false);
        String outsider = moderatorOf(newSite(), false);
        CommentSubmitted comment = held(site, "audit-1", "dora", "write dora@mail.example");
        decide(name, comment, "REJECTED", "selling e-mail lists").expectStatus().isOk();

        http.get()
                .uri("/api/v1/audit")
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items[0].moderator")
                .isEqualTo(name)
                .jsonPath("$.items[0].commentId")
                .isEqualTo(comment.commentId().asString())
                .jsonPath("$.items[0].from")
                .isEqualTo("HELD")
                .jsonPath("$.items[0].to")
                .isEqualTo("REJECTED")
                .jsonPath("$.items[0].note")
                .isEqualTo("selling e-mail lists")
                .jsonPath("$.items[0].authorName")
                .isEqualTo("dora")
                .jsonPath("$.items[0].at")
                .exists();
        http.get()
                .uri("/api/v1/audit")
                .headers(h -> h.setBasicAuth(outsider, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(0);
        http.get()
                .uri("/api/v1/audit?cursor=nonsense")
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyReplicaShowsTheSameDecisionCountsBecauseTheStoreKeepsThem() {
        String site = newSite();
        String name = moderatorOf(site, false);
        CommentSubmitted comment = held(site, "rep-1", "gus", "write gus@mail.example");
        CommentDecided heldHere = awaitDecisions(List.of(comment.commentId().asString()), 1)
                .get(comment.commentId().asString());

        // another replica, sharing the store: its pipeline held two comments, its moderator approved one
        DecisionCounts otherReplica = new DecisionCounts(mongo, settings);
        otherReplica.countAutomatic(List.of(heldHere, heldHere));
        otherReplica
                .countOverride(heldHere, heldHere.byModerator("someone", Decision.APPROVED, Instant.now()))
                .block(Duration.ofSeconds(10));

        Map<?, ?> overview = overview(name);
        assertThat((List<Object>) overview.get("decisions"))
                .containsExactlyInAnyOrder(
                        Map.of("site", site, "decision", "HELD", "source", "AUTOMATIC", "count", 3),
                        Map.of("site", site, "decision", "APPROVED", "source", "MODERATOR", "count", 1));
        assertThat(overview.get("overrides"))
                .isEqualTo(List.of(Map.of("site", site, "from", "HELD", "to", "APPROVED", "count", 1)));
        Map<?, ?> rates = (Map<?, ?>) overview.get("decisionsPerMinute");
        assertThat(sum(rates.get("HELD"))).isEqualTo(3);
        assertThat(sum(rates.get("APPROVED"))).isEqualTo(1);

        // this replica's own meters know only what it decided itself
        String scrape = Actuator.prometheus(http);
        assertThat(sample(scrape, "sherpa_moderation_decisions_total", "site=\"" + site + "\"", "decision=\"HELD\""))
                .isEqualTo(1.0);
        assertThat(scrape.lines()
                        .filter(l -> l.startsWith("sherpa_moderation_decisions_total{")
                                && l.contains("site=\"" + site + "\"")
                                && l.contains("decision=\"APPROVED\"")))
                .isEmpty();
    }

    private static long sum(Object values) {
        return ((List<?>) values)
                .stream().mapToLong(v -> ((Number) v).longValue()).sum();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOverviewShowsTheNumbersPrometheusHas() {
        String site = newSite();
        String name = moderatorOf(site, false);
        CommentSubmitted first = held(site, "ov-1", "eli", "write eli@mail.example");
        CommentSubmitted second = held(site, "ov-2", "fay", "write fay@mail.example");
        decide(name, first, "APPROVED", null).expectStatus().isOk();

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(
                                ((Map<?, ?>) ((List<?>) overview(name).get("queues")).get(0)).get("depth"))
                        .isEqualTo(1));
        Map<?, ?> overview = overview(name);
        String scrape = Actuator.prometheus(http);
        assertThat(sample(scrape, "sherpa_moderation_queue_depth", "site=\"" + site + "\""))
                .isEqualTo(1.0);
        // the oldest held comment's age: the same gauge, read a moment apart
        double oldest = ((Number) ((Map<?, ?>) ((List<?>) overview.get("queues")).get(0)).get("oldestAgeSeconds"))
                .doubleValue();
        assertThat(oldest).isGreaterThanOrEqualTo(0);
        assertThat(sample(scrape, "sherpa_moderation_queue_oldest_age_seconds", "site=\"" + site + "\""))
                .isCloseTo(oldest, org.assertj.core.data.Offset.offset(5.0));
        assertThat(sample(
                        scrape,
                        "sherpa_moderation_overrides_total",
                        "site=\"" + site + "\"",
                        "from=\"HELD\"",
                        "to=\"APPROVED\""))
                .isEqualTo(1.0);
        assertThat(sample(
                        scrape,
                        "sherpa_moderation_decisions_total",
                        "site=\"" + site + "\"",
                        "decision=\"HELD\"",
                        "source=\"AUTOMATIC\""))
                .isEqualTo(2.0);
        assertThat(overview.get("overrides"))
                .isEqualTo(List.of(Map.of("site", site, "from", "HELD", "to", "APPROVED", "count", 1)));
        assertThat((List<Object>) overview.get("decisions"))
                .contains(Map.of("site", site, "decision", "HELD", "source", "AUTOMATIC", "count", 2))
                .contains(Map.of("site", site, "decision", "APPROVED", "source", "MODERATOR", "count", 1));
        Map<?, ?> rates = (Map<?, ?>) overview.get("decisionsPerMinute");
        assertThat(((List<?>) rates.get("minutes"))).hasSize(30);
        assertThat(((List<?>) rates.get("HELD"))
                        .stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(2);
        assertThat(((List<?>) rates.get("APPROVED"))
                        .stream().mapToLong(v -> ((Number) v).longValue()).sum())
                .isEqualTo(1);
        assertThat(second.commentId()).isNotNull();
    }

    @Test
    void adminsCreateDisableAndAssignModerators() {
        String site = newSite();
        String admin = moderatorOf("*", true);
        String plain = moderatorOf(site, false);
        String name = "new-" + UUID.randomUUID().toString().substring(0, 8);

        http.get()
                .uri("/api/v1/moderators")
                .headers(h -> h.setBasicAuth(plain, "password-1"))
                .exchange()
                .expectStatus()
                .isForbidden();
        admin(admin)
                .post()
                .uri("/api/v1/moderators")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", name, "password", "short", "sites", List.of()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[*].field")
                .value(fields ->
                        assertThat(fields.toString()).contains("password").contains("sites"));
        admin(admin)
                .post()
                .uri("/api/v1/moderators")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", name, "password", "long-enough-1", "sites", List.of(site)))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.passwordHash")
                .doesNotExist();
        admin(admin)
                .post()
                .uri("/api/v1/moderators")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("username", name, "password", "long-enough-1", "sites", List.of(site)))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.CONFLICT);
        String session = signIn(name, "long-enough-1");

        String other = newSite();
        admin(admin)
                .patch()
                .uri("/api/v1/moderators/{name}", name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sites", List.of(site, other)))
                .exchange()
                .expectStatus()
                .isOk();
        http.get()
                .uri("/api/v1/me")
                .headers(h -> h.setBasicAuth(name, "long-enough-1"))
                .exchange()
                .expectBody()
                .jsonPath("$.sites.length()")
                .isEqualTo(2);
        http.get() // a session signed in before the change sees it at once
                .uri("/api/v1/me")
                .cookie("SESSION", session)
                .exchange()
                .expectBody()
                .jsonPath("$.sites.length()")
                .isEqualTo(2);

        admin(admin)
                .patch()
                .uri("/api/v1/moderators/{name}", name)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("disabled", true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.disabled")
                .isEqualTo(true);
        assertThat(signInStatus(name, "long-enough-1")).isEqualTo("/login?error");
        http.get() // and a disabled account's session ends
                .uri("/api/v1/me")
                .cookie("SESSION", session)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get().uri("/").cookie("SESSION", session).exchange().expectStatus().isFound();
        http.get()
                .uri("/api/v1/me")
                .headers(h -> h.setBasicAuth(name, "long-enough-1"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        admin(admin)
                .patch()
                .uri("/api/v1/moderators/nobody-{x}", UUID.randomUUID())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("disabled", true))
                .exchange()
                .expectStatus()
                .isNotFound();
        admin(admin)
                .patch()
                .uri("/api/v1/moderators/{name}", admin)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("disabled", true))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    @Test
    void theQueueFiltersByReasonAndRejectsAllHeldFromOneAuthor() {
        String site = newSite();
        String name = moderatorOf(site, false);
        CommentSubmitted mail = held(site, "f-1", "gus", "write gus@mail.example");
        CommentSubmitted shortLink = held(site, "f-2", "gus", "see http://bit.ly/abc and write back");
        CommentSubmitted other = held(site, "f-3", "hal", "hal@mail.example is me");

        http.get()
                .uri("/api/v1/queue?reason=url_shortener")
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items.length()")
                .isEqualTo(1)
                .jsonPath("$.items[0].id")
                .isEqualTo(shortLink.commentId().asString())
                .jsonPath("$.items[0].author.recent[0].id")
                .isEqualTo(mail.commentId().asString())
                .jsonPath("$.items[0].postTitle")
                .isEqualTo("A post");
        http.get()
                .uri("/api/v1/queue?reason=NOT_A_REASON")
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("reason");

        http.post()
                .uri("/api/v1/queue/authors/gus/reject?site={site}", site)
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "one campaign"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.rejected.length()")
                .isEqualTo(2);
        Map<String, CommentDecided> decided = awaitDecisions(
                List.of(mail.commentId().asString(), shortLink.commentId().asString()), 2);
        assertThat(decided.values()).allMatch(d -> d.decision() == Decision.REJECTED && name.equals(d.moderatorId()));
        assertThat(awaitDecisions(List.of(other.commentId().asString()), 1)
                        .get(other.commentId().asString())
                        .decision())
                .isEqualTo(Decision.HELD);
    }

    @Test
    void pagesByKeyThroughTenThousandHeldComments() {
        String site = newSite();
        String name = moderatorOf(site, false);
        MongoCollection<Document> comments =
                mongo.getDatabase("sherpa_moderation").getCollection("comments");
        Instant first = Instant.now().minus(Duration.ofDays(3));
        List<String> ids = new ArrayList<>();
        List<Document> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            CommentSubmitted s = Events.aComment(
                    site,
                    "bulk-" + i,
                    "author-" + (i % 500),
                    "author-" + (i % 500),
                    "write me at a" + i + "@mail.example",
                    "A post",
                    "https://blog.example/post-1",
                    first.plusSeconds(i));
            ids.add(s.commentId().asString());
            batch.add(storedHeld(s));
            if (batch.size() == 1000) {
                Mono.from(comments.insertMany(batch)).block();
                batch.clear();
            }
        }

        long started = System.nanoTime();
        Map<?, ?> page1 = queuePage(name, site, null);
        long firstPageMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(((List<?>) page1.get("items"))
                        .stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList())
                .containsExactlyElementsOf(ids.subList(0, 50));

        // a cursor deep into the queue (as the API encodes it: arrival millis and id of the last item seen)
        String deep = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((first.plusSeconds(9_949).toEpochMilli() + ":" + ids.get(9_949))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        started = System.nanoTime();
        Map<?, ?> last = queuePage(name, site, deep);
        long deepPageMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(((List<?>) last.get("items"))
                        .stream().map(i -> (String) ((Map<?, ?>) i).get("id")).toList())
                .containsExactlyElementsOf(ids.subList(9_950, 10_000));
        Map<?, ?> after = queuePage(name, site, (String) last.get("nextCursor"));
        assertThat((List<?>) after.get("items")).isEmpty();
        assertThat(after.get("nextCursor")).isNull();
        System.out.printf(
                "10,000 held: first page %d ms, page 200 %d ms (embedded store, no secondary indexes)%n",
                firstPageMillis, deepPageMillis);
    }

    private Map<?, ?> queuePage(String name, String site, String cursor) {
        return http.get()
                .uri(u -> u.path("/api/v1/queue")
                        .queryParam("site", site)
                        .queryParamIfPresent("cursor", java.util.Optional.ofNullable(cursor))
                        .build())
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** A comment as the pipeline stores one it held (what moderation-service's store reads back). */
    private static Document storedHeld(CommentSubmitted s) {
        CommentDecided held = new CommentDecided(
                EventId.random(),
                s.commentId(),
                s.siteId(),
                s.postId(),
                s.postAuthorId(),
                null,
                null,
                s.author().id(),
                s.author().name(),
                s.text(),
                Decision.HELD,
                DecisionSource.AUTOMATIC,
                null,
                1,
                Map.of("contactInfo", 0.9),
                List.of(new Reason(ReasonCode.CONTACT_INFO, Severity.HOLD, "E-mail address in the comment", 11, 30)),
                false,
                "0",
                "test",
                s.submittedAt(),
                s.receivedAt());
        return new Document("_id", s.commentId().asString())
                .append("siteId", s.siteId().value())
                .append("authorId", s.author().id())
                .append("decision", "HELD")
                .append("sequence", 1L)
                .append("receivedAt", java.util.Date.from(s.receivedAt()))
                .append("submittedEventId", s.eventId().asString())
                .append("submitted", Document.parse(EventJson.write(s)))
                .append("latest", Document.parse(EventJson.write(held)));
    }

    // ---- helpers ----

    /** The value of the one sample of {@code metric} whose labels include all of {@code labels}. */
    private static double sample(String scrape, String metric, String... labels) {
        return scrape.lines()
                .filter(l -> l.startsWith(metric + "{"))
                .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " with " + List.of(labels)));
    }

    private String signInStatus(String name, String password) {
        EntityExchangeResult<String> page =
                http.get().uri("/login").exchange().expectBody(String.class).returnResult();
        Matcher token = CSRF_FIELD.matcher(page.getResponseBody());
        assertThat(token.find()).isTrue();
        return http.post()
                .uri("/login")
                .cookie("SESSION", page.getResponseCookies().getFirst("SESSION").getValue())
                .body(BodyInserters.fromFormData("username", name)
                        .with("password", password)
                        .with("_csrf", token.group(1)))
                .exchange()
                .expectStatus()
                .isFound()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getFirst("Location");
    }

    private WebTestClient admin(String admin) {
        return http.mutate()
                .defaultHeaders(h -> h.setBasicAuth(admin, "password-1"))
                .build();
    }

    private Map<?, ?> overview(String name) {
        return http.get()
                .uri("/api/v1/overview")
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private WebTestClient.ResponseSpec decide(String name, CommentSubmitted comment, String decision, String note) {
        return http.post()
                .uri("/api/v1/comments/{id}/decision", comment.commentId().asString())
                .headers(h -> h.setBasicAuth(name, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(note == null ? Map.of("decision", decision) : Map.of("decision", decision, "note", note))
                .exchange();
    }

    /** Publishes a comment that the default policy holds and waits until it is held. */
    private CommentSubmitted held(String site, String externalId, String author, String text) {
        CommentSubmitted comment = aComment(site, externalId, author, text);
        submit(comment);
        String id = comment.commentId().asString();
        assertThat(awaitDecisions(List.of(id), 1).get(id).decision()).isEqualTo(Decision.HELD);
        return comment;
    }

    private String moderatorOf(String site, boolean admin) {
        String name = "mod-" + UUID.randomUUID().toString().substring(0, 8);
        moderators.save(name, "password-1", Set.of(site), admin).block();
        return name;
    }

    private static String newSite() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
