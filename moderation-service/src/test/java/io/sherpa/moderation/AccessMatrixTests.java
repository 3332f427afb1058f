package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.test.AccessMatrix;
import io.sherpa.common.test.AccessMatrix.Caller;
import io.sherpa.common.test.AccessMatrix.Endpoint;
import io.sherpa.common.test.TestSites;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Who may do what on moderation-service, as one table sent over HTTP: no credentials, unknown, revoked and
 * disabled site keys, another site's key, site keys on moderator APIs and moderators on site APIs, a wrong
 * password, a disabled moderator, a moderator of site B on site A's comments and queue, the dashboard's session
 * without, with a forged and with its CSRF token, moderator administration without the admin role. Every
 * endpoint of the OpenAPI document has rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests extends RunningService {

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    @LocalServerPort
    int port;

    private AccessMatrix matrix;

    @BeforeAll
    void sitesModeratorsAndHeldComments() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String siteA = "ma-" + suffix;
        String siteB = "mb-" + suffix;
        String revokedKeyA = siteWithKey(siteA);
        String keyA = TestSites.publish(siteA); // the site's new key list: the first key is revoked
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            policyStatus(keyA).isOk();
            policyStatus(revokedKeyA).isUnauthorized();
        });
        String keyB = siteWithKey(siteB);
        String disabledKey = TestSites.publishDisabled("md-" + suffix);

        String modA = "moda-" + suffix;
        String modB = "modb-" + suffix;
        String admin = "admin-" + suffix;
        String gone = "gone-" + suffix;
        moderators.save(modA, "password-1", Set.of(siteA), false).block();
        moderators.save(modB, "password-1", Set.of(siteB), false).block();
        moderators.save(admin, "password-1", Set.of("*"), true).block();
        moderators.save(gone, "password-1", Set.of(siteA), false).block();
        moderators.update(gone, null, null, true, null).block();

        // two of site A's comments wait in its queue; nobody outside site A may see their text
        String secret = "matrix secret " + suffix;
        CommentSubmitted first =
                aComment(siteA, "m1-" + suffix, "ann-" + suffix, "mail me at ann@mail.example, " + secret);
        CommentSubmitted second =
                aComment(siteA, "m2-" + suffix, "bob-" + suffix, "mail me at bob@mail.example, " + secret);
        submit(first);
        submit(second);
        String held1 = first.commentId().asString();
        String held2 = second.commentId().asString();
        Map<String, io.sherpa.common.events.CommentDecided> decided = awaitDecisions(List.of(held1, held2), 1);
        assertThat(decided.values()).allMatch(d -> d.decision() == Decision.HELD);

        String session = signIn(modA, "password-1");
        Map<?, ?> csrf = (Map<?, ?>) http.get()
                .uri("/api/v1/me")
                .cookie("SESSION", session)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("csrf");
        String csrfHeader = (String) csrf.get("headerName");

        Caller nobody = Caller.nobody();
        Caller wrongKey = Caller.bearer("a key nobody issued", "sk_not_a_key_" + suffix);
        Caller revoked = Caller.bearer("site A's revoked key", revokedKeyA);
        Caller disabled = Caller.bearer("a disabled site's key", disabledKey);
        Caller wrongPassword = Caller.basic("moderator A with a wrong password", modA, "password-2");
        Caller disabledModerator = Caller.basic("a disabled moderator of site A", gone, "password-1");
        Caller siteAKey = Caller.bearer("site A's key", keyA);
        Caller siteBKey = Caller.bearer("site B's key", keyB);
        Caller moderatorA = Caller.basic("moderator of site A", modA, "password-1");
        Caller moderatorB = Caller.basic("moderator of site B", modB, "password-1");
        Caller administrator = Caller.basic("an admin moderator", admin, "password-1");
        Caller sessionA = new Caller("moderator A's session", Map.of(HttpHeaders.COOKIE, "SESSION=" + session));
        Caller sessionNoToken = sessionA.named("moderator A's session without its CSRF token");
        Caller sessionForged =
                sessionA.named("moderator A's session with a forged CSRF token").with(csrfHeader, "forged");
        Caller sessionWithToken = sessionA.named("moderator A's session with its CSRF token")
                .with(csrfHeader, (String) csrf.get("token"));

        String[] ofA = {secret, siteA, keyA, revokedKeyA};
        String[] textOfA = {secret, keyA, revokedKeyA};
        Endpoint queue = Endpoint.of("GET", "/api/v1/queue");
        Endpoint queueOfA = Endpoint.of("GET", "/api/v1/queue").query("site=" + siteA);
        Endpoint stream = Endpoint.of("GET", "/api/v1/queue/stream");
        Endpoint reject1 = Endpoint.of("POST", "/api/v1/comments/{id}/decision", held1)
                .body("{\"decision\":\"REJECTED\",\"note\":\"checked\"}");
        Endpoint approve2 =
                Endpoint.of("POST", "/api/v1/comments/{id}/decision", held2).body("{\"decision\":\"APPROVED\"}");
        Endpoint rejectAuthor = Endpoint.of("POST", "/api/v1/queue/authors/{authorId}/reject", "ann-" + suffix)
                .query("site=" + siteA)
                .body("{}");
        Endpoint policy = Endpoint.of("GET", "/api/v1/policy");
        Endpoint putPolicy = Endpoint.of("PUT", "/api/v1/policy").body("{\"suspectWords\":[\"matrixword\"]}");
        Endpoint teach = Endpoint.of("POST", "/api/v1/training")
                .query("category=spam")
                .body(
                        "{\"text\":\"cheap pills, buy now\",\"label\":\"spam\"}\n"
                                + "{\"text\":\"lovely write-up, thank you\",\"label\":\"ham\"}\n",
                        "application/x-ndjson");
        Endpoint lessons = Endpoint.of("GET", "/api/v1/training");
        Endpoint me = Endpoint.of("GET", "/api/v1/me");
        Endpoint audit = Endpoint.of("GET", "/api/v1/audit");
        Endpoint overview = Endpoint.of("GET", "/api/v1/overview");
        Endpoint listModerators = Endpoint.of("GET", "/api/v1/moderators");
        Endpoint createModerator = Endpoint.of("POST", "/api/v1/moderators")
                .body("{\"username\":\"new-" + suffix + "\",\"password\":\"a-good-password\",\"sites\":[\"" + siteB
                        + "\"],\"admin\":false}");
        Endpoint changeModerator =
                Endpoint.of("PATCH", "/api/v1/moderators/{username}", modB).body("{\"sites\":[\"" + siteB + "\"]}");
        List<Endpoint> everything = List.of(
                queue,
                stream,
                reject1,
                rejectAuthor,
                policy,
                putPolicy,
                teach,
                lessons,
                me,
                audit,
                overview,
                listModerators,
                createModerator,
                changeModerator);

        matrix = new AccessMatrix("http://127.0.0.1:" + port);
        for (Caller stranger : List.of(nobody, wrongKey, revoked, disabled, wrongPassword, disabledModerator)) {
            everything.forEach(endpoint -> matrix.expect(stranger, endpoint, 401, ofA));
        }
        // site keys: the site's own queue and site APIs, never a moderator's
        matrix.expect(siteBKey, queue, 200, ofA)
                .expect(siteBKey, queueOfA, 200, textOfA)
                .expect(siteBKey, stream, 200)
                .expect(siteBKey, policy, 200, ofA)
                .expect(siteBKey, lessons, 200, ofA)
                .expect(siteAKey, queue, 200, keyA)
                .expect(siteAKey, policy, 200, keyA)
                .expect(siteAKey, putPolicy, 200, keyA)
                .expect(siteAKey, teach, 202, keyA)
                .expect(siteAKey, lessons, 200, keyA);
        for (Caller site : List.of(siteAKey, siteBKey)) {
            for (Endpoint moderatorsOnly :
                    List.of(reject1, rejectAuthor, me, audit, overview, listModerators, createModerator)) {
                matrix.expect(site, moderatorsOnly, 403, ofA);
            }
        }
        // a moderator of site B sees and touches nothing of site A
        matrix.expect(moderatorB, queue, 200, ofA)
                .expect(moderatorB, queueOfA, 200, textOfA)
                .expect(moderatorB, stream, 200)
                .expect(moderatorB, reject1, 404, ofA)
                .expect(moderatorB, rejectAuthor, 404, textOfA)
                .expect(moderatorB, me, 200, ofA)
                .expect(moderatorB, audit, 200, ofA)
                .expect(moderatorB, overview, 200, ofA);
        // moderators are not sites, and only admins manage moderators
        for (Caller moderator : List.of(moderatorA, moderatorB)) {
            for (Endpoint notForModerators :
                    List.of(policy, putPolicy, teach, lessons, listModerators, createModerator, changeModerator)) {
                matrix.expect(moderator, notForModerators, 403, ofA);
            }
        }
        // the dashboard's session: reads freely, changes nothing without its CSRF token
        matrix.expect(sessionNoToken, me, 200)
                .expect(sessionNoToken, approve2, 403, secret)
                .expect(sessionForged, approve2, 403, secret)
                .expect(sessionNoToken, createModerator, 403)
                .expect(sessionWithToken, approve2, 200)
                .expect(moderatorA, queue, 200, keyA)
                .expect(moderatorA, reject1, 200, keyA)
                .expect(moderatorA, rejectAuthor, 200, keyA)
                .expect(administrator, listModerators, 200, "password-1", "passwordHash")
                .expect(administrator, createModerator, 201, "a-good-password", "passwordHash")
                .expect(administrator, changeModerator, 200, "passwordHash")
                .expect(administrator, queueOfA, 200);
    }

    @TestFactory
    Stream<DynamicTest> everyCallerGetsWhatTheirCredentialAllows() {
        return matrix.tests();
    }

    @Test
    void everyDocumentedEndpointHasRows() throws Exception {
        assertThat(matrix.undocumentedIn(Set.of())).isEmpty();
        assertThat(matrix.size()).isGreaterThan(100);
    }

    private org.springframework.test.web.reactive.server.StatusAssertions policyStatus(String key) {
        return http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus();
    }
}
