package io.sherpa.moderation;

import static io.sherpa.moderation.Events.aComment;
import static io.sherpa.moderation.Events.submit;
import static io.sherpa.moderation.ModerationPipelineTests.awaitDecisions;
import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.test.HostileFire;
import io.sherpa.common.test.HostileFire.Shot;
import io.sherpa.common.test.HostileInput;
import io.sherpa.common.test.KeepAliveProbe;
import io.sherpa.moderation.moderators.ModeratorAccounts;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Thousands of generated hostile requests at moderation-service's site and moderator APIs (policy, training,
 * moderator decisions, the queue), through a real HTTP client: each is answered with a 2xx or a problem+json
 * 4xx, never a 5xx and never not at all, and the service still serves normal requests after.
 */
class HostileInputTests extends RunningService {

    static final int REQUESTS = Integer.getInteger("sherpa.hostile.moderation-requests", 3000);
    static final int KEEP_ALIVE_PROBES = Integer.getInteger("sherpa.hostile.keep-alive-probes", 500);

    @LocalServerPort
    int port;

    @Autowired
    WebTestClient http;

    @Autowired
    ModeratorAccounts moderators;

    @Test
    void everyHostileRequestGetsA2xxOrAProblemAndTheServiceKeepsServing() {
        String site = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        String key = siteWithKey(site);
        String moderator = "mod-" + site;
        moderators.save(moderator, "password-1", Set.of(site), false).block();
        CommentSubmitted held = aComment(site, "held-1", "mike", "Great post. my email is mike@blog4business.com");
        submit(held);
        String heldId = held.commentId().asString();
        awaitDecisions(List.of(heldId), 1);
        Map<String, Object> policy = http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
                .returnResult()
                .getResponseBody();

        HostileFire fire = new HostileFire("moderation-service", port);
        List<Shot> shots = shots(site, key, basic(moderator, "password-1"), heldId, policy)
                .sampleStream()
                .limit(REQUESTS)
                .collect(Collectors.toList());
        long started = System.nanoTime();
        fire.fire(shots, 4);
        System.out.println(fire.report() + "  in " + (System.nanoTime() - started) / 1_000_000 + " ms");

        fire.assertSurvived();
        assertThat(fire.sent()).isGreaterThanOrEqualTo(REQUESTS);

        // the same kinds of request, each followed by a plain one on the same kept-alive connection
        KeepAliveProbe probe = new KeepAliveProbe(port, "/actuator/health");
        shots(site, key, basic(moderator, "password-1"), heldId, policy)
                .sampleStream()
                .limit(KEEP_ALIVE_PROBES)
                .forEach(probe::probe);
        System.out.println("KEEP-ALIVE moderation-service: " + probe.probes() + " probes, "
                + probe.failures().size() + " connections left hanging");
        assertThat(probe.failures()).isEmpty();
        assertThat(fire.serverErrors()).isZero();
        http.get()
                .uri("/api/v1/policy")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + key)
                .exchange()
                .expectStatus()
                .isOk();
        http.post()
                .uri("/api/v1/comments/{id}/decision", heldId)
                .headers(h -> h.setBasicAuth(moderator, "password-1"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("decision", "REJECTED", "note", "after the storm"))
                .exchange()
                .expectStatus()
                .isOk();
        http.get()
                .uri("/api/v1/queue?status=HELD")
                .headers(h -> h.setBasicAuth(moderator, "password-1"))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aPathTheFirewallRefusesIsAProblemDocument() {
        HostileFire fire = new HostileFire("moderation-service", port);
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/json");
        var answer = fire.send(new Shot(
                "decision",
                "POST",
                "/api/v1/comments/..%2f..%2fetc%2fpasswd/decision",
                headers,
                "{\"decision\":\"APPROVED\"}".getBytes(StandardCharsets.UTF_8)));
        fire.assertSurvived();
        assertThat(answer).hasValueSatisfying(r -> assertThat(r.statusCode()).isEqualTo(400));
    }

    private static Arbitrary<Shot> shots(
            String site, String key, String moderator, String heldId, Map<String, Object> policy) {
        Arbitrary<String> siteAuth = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just("Bearer " + key)), Tuple.of(1, HostileInput.wrongAuthorizations()));
        Arbitrary<String> moderatorAuth = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(moderator)), Tuple.of(1, HostileInput.wrongAuthorizations()));
        Arbitrary<String> anyAuth = Arbitraries.oneOf(siteAuth, moderatorAuth);

        Map<String, Object> validPolicy = new LinkedHashMap<>(policy);
        validPolicy.remove("version");
        Arbitrary<Shot> putPolicy = Combinators.combine(
                        HostileInput.jsonBodies(validPolicy), HostileInput.contentTypes("application/json"), siteAuth)
                .as((body, type, auth) -> shot("policy", "PUT", "/api/v1/policy", type, auth, body));

        Arbitrary<String> csvRows = Combinators.combine(
                        HostileInput.strings(), Arbitraries.of("spam", "ham", "toxic", "ok", "", "SPAM", "maybe"))
                .as((text, label) -> csvField(text) + "," + label)
                .list()
                .ofMaxSize(6)
                .map(rows -> String.join("\n", rows));
        Arbitrary<byte[]> csv = Arbitraries.oneOf(
                csvRows.map(rows -> ("text,label\n" + rows).getBytes(StandardCharsets.UTF_8)),
                csvRows.map(rows -> rows.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.of("text,label\n\"unterminated,spam\n", "text,label\n,,,,\n", "a\u0000b,spam", "\ufeff")
                        .map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Combinators.combine(csvRows, HostileInput.invalidUtf8Sequences())
                        .as((rows, bad) -> {
                            byte[] text = ("text,label\n" + rows + "\nx").getBytes(StandardCharsets.UTF_8);
                            byte[] out = new byte[text.length + bad.length];
                            System.arraycopy(text, 0, out, 0, text.length);
                            System.arraycopy(bad, 0, out, text.length, bad.length);
                            return out;
                        }));
        Arbitrary<byte[]> ndjson = HostileInput.jsonBodies(Map.of("text", "Cheap pills here", "label", "spam"))
                .list()
                .ofMinSize(1)
                .ofMaxSize(4)
                .map(lines -> {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    for (byte[] line : lines) {
                        out.writeBytes(line);
                        out.write('\n');
                    }
                    return out.toByteArray();
                });
        Arbitrary<String> category = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("spam", "toxicity")), Tuple.of(2, HostileInput.queryValues()));
        Arbitrary<Shot> training = Combinators.combine(
                        Arbitraries.oneOf(
                                csv.map(b -> Tuple.of(b, "text/csv")),
                                ndjson.map(b -> Tuple.of(b, "application/x-ndjson"))),
                        HostileInput.contentTypes("text/csv", "application/x-ndjson", "text/csv; charset=utf-8"),
                        Arbitraries.integers().between(0, 3),
                        category,
                        siteAuth)
                .as((body, type, match, cat, auth) -> shot(
                        "training",
                        "POST",
                        "/api/v1/training?category=" + cat,
                        match == 0 ? type : body.get2(),
                        auth,
                        body.get1()));

        Arbitrary<String> ids = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(heldId)), Tuple.of(3, HostileInput.pathSegments()));
        Arbitrary<Shot> decide = Combinators.combine(
                        ids,
                        HostileInput.jsonBodies(Map.of("decision", "APPROVED", "note", "checked")),
                        HostileInput.contentTypes("application/json"),
                        moderatorAuth)
                .as((id, body, type, auth) ->
                        shot("decision", "POST", "/api/v1/comments/" + id + "/decision", type, auth, body));

        Arbitrary<String> cursors = Arbitraries.oneOf(
                HostileInput.queryValues(),
                Arbitraries.of(
                                "9223372036854775807:x",
                                "-9223372036854775808:",
                                "0:\u0000",
                                ":",
                                "1700000000000:../../",
                                "1e3:abc",
                                "1700000000000:{\"$gt\":\"\"}")
                        .map(raw -> Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(raw.getBytes(StandardCharsets.UTF_8))));
        Arbitrary<Shot> queue = Combinators.combine(
                        Arbitraries.subsetOf("status", "cursor", "site", "reason", "limit"),
                        HostileInput.queryValues(),
                        cursors,
                        Arbitraries.of(site, "other-site", "*").map(s -> s),
                        anyAuth)
                .as((params, value, cursor, siteParam, auth) -> {
                    StringBuilder query = new StringBuilder("/api/v1/queue?");
                    for (String p : params) {
                        String v = switch (p) {
                            case "cursor" -> cursor;
                            case "site" -> siteParam;
                            default -> value;
                        };
                        query.append(p).append('=').append(v).append('&');
                    }
                    return shot("queue", "GET", query.toString(), null, auth, null);
                });
        return Arbitraries.frequencyOf(
                Tuple.of(30, putPolicy), Tuple.of(20, training), Tuple.of(25, decide), Tuple.of(25, queue));
    }

    private static String csvField(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static Shot shot(String label, String method, String path, String type, String auth, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", type);
        headers.put("Authorization", auth);
        return new Shot(label, method, path, headers, body);
    }
}
