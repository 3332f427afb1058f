package io.sherpa.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Comments at a steady rate (open loop: sent on schedule whatever the answers do) to ingest-service, each
 * answer kept with its status, latency and comment id. The mix: ordinary comments on 20 posts whose authors
 * ({@code author-of-N}) are told of every approved one, replies to earlier accepted comments (their authors
 * are told too), and the odd spam pitch. Texts are drawn from a vocabulary so that no two are (nearly) the
 * same: moderation must judge each on its own.
 */
final class SteadyLoad {

    /** One request and its answer; {@code status} -1 when no answer came (timeout, connection refused). */
    record Outcome(
            String externalId,
            String body,
            int status,
            String commentId,
            long millis,
            String contentType,
            boolean retryAfter,
            String error,
            long sentAtMillis) {}

    static final int POSTS = 20;
    static final int AUTHORS = 300;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final String[] WORDS = ("community trust welcome conversation garden river morning coffee "
                    + "question answer reading writing neighbour library bicycle mountain weekend kitchen recipe "
                    + "music teacher student history museum winter summer autumn spring walking running story "
                    + "evening lantern harbour island village market bakery orchard valley meadow forest thunder "
                    + "patience kindness courage honest careful gentle curious quiet lively thoughtful useful "
                    + "practical helpful simple clear bright warm steady slow early late often rarely always "
                    + "agree disagree wonder remember notice explain discover share listen learn build repair "
                    + "plant cook travel visit paint sing")
            .split(" ");

    private final HttpClient http;
    private final JsonMapper json;
    private final String url;
    private final String apiKey;
    private final String run;
    private final List<String[]> parents; // accepted comments anyone may reply to: {externalId, authorId}
    private final Random random;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final long origin;
    private ScheduledExecutorService timer;
    private long sequence;

    SteadyLoad(HttpClient http, JsonMapper json, String url, String apiKey, String run, List<String[]> parents) {
        this.http = http;
        this.json = json;
        this.url = url;
        this.apiKey = apiKey;
        this.run = run;
        this.parents = parents;
        this.random = new Random(run.hashCode());
        this.origin = System.nanoTime();
    }

    void start(int perSecond) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-" + run);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    /** Stops sending; returns every outcome once the requests in flight have their answers. */
    List<Outcome> stop() throws InterruptedException {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + REQUEST_TIMEOUT.plusSeconds(5).toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return new ArrayList<>(outcomes);
    }

    private void sendOne() {
        String externalId;
        String body;
        synchronized (this) {
            externalId = run + "-" + sequence++;
            body = comment(externalId);
        }
        send(externalId, body, outcomes::add);
    }

    /** Sends one comment body, then hands its outcome on. */
    void send(String externalId, String body, java.util.function.Consumer<Outcome> to) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        long sentAt = (start - origin) / 1_000_000;
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            long millis = (System.nanoTime() - start) / 1_000_000;
            try {
                if (failure != null) {
                    to.accept(new Outcome(externalId, body, -1, null, millis, null, false, failure.toString(), sentAt));
                    return;
                }
                String id = null;
                if (response.statusCode() == 202 || response.statusCode() == 200) {
                    id = json.readTree(response.body()).path("id").asString();
                    synchronized (parents) {
                        if (parents.size() < 2000) {
                            parents.add(new String[] {externalId, authorOf(body)});
                        }
                    }
                }
                to.accept(new Outcome(
                        externalId,
                        body,
                        response.statusCode(),
                        id,
                        millis,
                        response.headers().firstValue("Content-Type").orElse(""),
                        response.headers().firstValue("Retry-After").isPresent(),
                        response.statusCode() >= 300 ? response.body() : null,
                        sentAt));
            } catch (RuntimeException e) {
                to.accept(new Outcome(externalId, body, -1, null, millis, null, false, e.toString(), sentAt));
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    private String comment(String externalId) {
        int author = random.nextInt(AUTHORS);
        int post = random.nextInt(POSTS);
        ObjectNode c = json.createObjectNode();
        c.put("externalId", externalId).put("postId", "post-" + post).put("postAuthorId", "author-of-" + post);
        int kind = random.nextInt(100);
        StringBuilder text = new StringBuilder();
        if (kind < 5) {
            text.append("Make money fast!!! Visit http://bit.ly/").append(Long.toHexString(random.nextLong()));
        } else {
            int words = 14 + random.nextInt(10);
            for (int i = 0; i < words; i++) {
                text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            text.append('.');
        }
        if (kind >= 5 && kind < 20) {
            String[] parent = null;
            synchronized (parents) {
                if (!parents.isEmpty()) {
                    parent = parents.get(random.nextInt(parents.size()));
                }
            }
            if (parent != null) {
                c.put("parentExternalId", parent[0]);
            }
        }
        c.putObject("author").put("id", "reader-" + author).put("name", "Reader " + author);
        c.put("text", text.toString());
        return json.writeValueAsString(c);
    }

    private String authorOf(String body) {
        return json.readTree(body).path("author").path("id").asString();
    }
}
