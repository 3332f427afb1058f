package io.sherpa.common.test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, as a table: every row is one caller calling one endpoint, and the status it must get. Each
 * row becomes its own test, sent over real HTTP to a running service; a refusal must be a problem document, and
 * no answer may contain the strings a row names as another site's data. {@link #undocumentedIn} keeps the table
 * complete: an endpoint the service's OpenAPI document lists but no row calls is an endpoint nobody checked.
 */
public final class AccessMatrix {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern VARIABLE = Pattern.compile("\\{[^}]+}");

    private final String baseUrl;
    private final List<Row> rows = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public AccessMatrix(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Who calls, and the headers that say so. */
    public record Caller(String name, Map<String, String> headers) {

        public static Caller nobody() {
            return new Caller("no credentials", Map.of());
        }

        public static Caller bearer(String name, String token) {
            return new Caller(name, Map.of("Authorization", "Bearer " + token));
        }

        public static Caller basic(String name, String user, String password) {
            String pair = user + ":" + password;
            return new Caller(
                    name,
                    Map.of(
                            "Authorization",
                            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
        }

        /** The same caller with one more header (a session cookie, a CSRF token). */
        public Caller with(String header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header, value);
            return new Caller(name, Map.copyOf(more));
        }

        public Caller named(String other) {
            return new Caller(other, headers);
        }
    }

    /** One endpoint: its method and path template as the OpenAPI document spells them, and a concrete call. */
    public record Endpoint(String method, String template, String path, String body, String contentType) {

        /** {@code template}'s variables filled in order with {@code values}. */
        public static Endpoint of(String method, String template, String... values) {
            Matcher m = VARIABLE.matcher(template);
            StringBuilder path = new StringBuilder();
            int i = 0;
            while (m.find()) {
                m.appendReplacement(path, Matcher.quoteReplacement(values[i++]));
            }
            m.appendTail(path);
            return new Endpoint(method, template, path.toString(), null, null);
        }

        public Endpoint body(String json) {
            return body(json, "application/json");
        }

        public Endpoint body(String content, String type) {
            return new Endpoint(method, template, path, content, type);
        }

        public Endpoint query(String query) {
            return new Endpoint(method, template, path + "?" + query, body, contentType);
        }

        String operation() {
            return method + " " + template;
        }
    }

    private record Row(Caller caller, Endpoint endpoint, int times, int status, List<String> mustNotLeak) {}

    /** Adds a row: {@code caller} calling {@code endpoint} gets {@code status} and none of {@code mustNotLeak}. */
    public AccessMatrix expect(Caller caller, Endpoint endpoint, int status, String... mustNotLeak) {
        rows.add(new Row(caller, endpoint, 1, status, List.of(mustNotLeak)));
        return this;
    }

    /** A row whose call is sent {@code times} in a row; the last answer is the one checked (rate limits). */
    public AccessMatrix expectAfter(int times, Caller caller, Endpoint endpoint, int status) {
        rows.add(new Row(caller, endpoint, times, status, List.of()));
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** Every row as a test named after what it checks. */
    public Stream<DynamicTest> tests() {
        return rows.stream()
                .map(row -> DynamicTest.dynamicTest(
                        row.caller().name() + " → " + row.endpoint().method() + " "
                                + row.endpoint().path() + (row.times() > 1 ? " ×" + row.times() : "") + " = "
                                + row.status(),
                        () -> check(row)));
    }

    /**
     * The operations the running service documents (OpenAPI at {@code /v3/api-docs}) that no row of this matrix
     * calls, leaving out {@code publicByDesign} (operations that need no credential at all, checked elsewhere).
     */
    public Set<String> undocumentedIn(Set<String> publicByDesign) throws IOException, InterruptedException {
        HttpResponse<String> docs = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs"))
                        // the document is built on its first request: seconds on a busy machine
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (docs.statusCode() != 200) {
            throw new AssertionError("no OpenAPI document: " + docs.statusCode() + " " + docs.body());
        }
        Set<String> missing = new TreeSet<>();
        JsonNode paths = JSON.readTree(docs.body()).path("paths");
        for (Map.Entry<String, JsonNode> path : paths.properties()) {
            for (Iterator<String> methods = path.getValue().propertyNames().iterator(); methods.hasNext(); ) {
                String operation = methods.next().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                missing.add(operation);
            }
        }
        rows.forEach(row -> missing.remove(row.endpoint().operation()));
        missing.removeAll(publicByDesign);
        return missing;
    }

    private void check(Row row) throws IOException, InterruptedException {
        Endpoint endpoint = row.endpoint();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + endpoint.path()))
                .timeout(Duration.ofSeconds(15))
                .method(
                        endpoint.method(),
                        endpoint.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(endpoint.body()));
        if (endpoint.body() != null) {
            request.header("Content-Type", endpoint.contentType());
        }
        row.caller().headers().forEach(request::header);
        for (int i = 1; i < row.times(); i++) {
            send(request.build(), HttpResponse.BodyHandlers.discarding());
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        String type = response.headers().firstValue("Content-Type").orElse("");
        String body;
        try (InputStream in = response.body()) {
            // a stream that was let in stays open: its status and type are the answer, not its body
            body = type.startsWith("text/event-stream") ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String what = row.caller().name() + " " + endpoint.method() + " " + endpoint.path() + " answered "
                + response.statusCode() + " " + body;
        if (response.statusCode() != row.status()) {
            throw new AssertionError("expected " + row.status() + ": " + what);
        }
        if (row.status() >= 400) {
            if (!type.startsWith("application/problem+json")) {
                throw new AssertionError("a refusal must be application/problem+json, was '" + type + "': " + what);
            }
            if (JSON.readTree(body).path("status").asInt() != row.status()) {
                throw new AssertionError("the problem document names another status: " + what);
            }
            if ((row.status() == 429 || row.status() == 503)
                    && response.headers().firstValue("Retry-After").isEmpty()) {
                throw new AssertionError("a " + row.status() + " must say when to retry (Retry-After): " + what);
            }
        }
        for (String secret : row.mustNotLeak()) {
            if (body.contains(secret)) {
                throw new AssertionError("leaked '" + secret + "': " + what);
            }
        }
    }

    /**
     * Sends on the shared client; when no answer comes, once more on a connection of its own. The JDK client can
     * wait in vain on a pooled connection (docs/reliability.md, keep-alive: the server side was shown to answer
     * or close every connection); what this table asks is what the server answers, so the second try says it.
     */
    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws java.io.IOException, InterruptedException {
        try {
            return http.send(request, handler);
        } catch (java.net.http.HttpTimeoutException noAnswer) {
            System.out.println("ACCESS MATRIX: no answer on a pooled connection, sent again on a new one: "
                    + request.method() + " " + request.uri());
            return HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request, handler);
        }
    }
}
