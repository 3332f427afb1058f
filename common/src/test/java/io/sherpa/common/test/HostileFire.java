package io.sherpa.common.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/**
 * Sends requests as raw bytes over real HTTP to a running service and keeps score: every answer must be a
 * 2xx, or a 4xx with {@code Content-Type: application/problem+json}; a 5xx, any other answer, a connection
 * dropped without an answer or no answer within the per-request timeout is a failure, kept with the request
 * that caused it.
 */
public final class HostileFire {

    /** One request: {@code path} is already in its wire form (percent-encoded), headers may hold nulls (absent). */
    public record Shot(String label, String method, String path, Map<String, String> headers, byte[] body) {

        String describe() {
            String shown = body == null
                    ? ""
                    : new String(body, 0, Math.min(body.length, 300), java.nio.charset.StandardCharsets.UTF_8);
            return label + " " + method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path)
                    + " headers=" + headers.keySet() + " body(" + (body == null ? 0 : body.length) + ")=" + shown;
        }
    }

    static {
        // each request on a connection of its own (see report()): lets the client send "Connection: close"
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
    }

    /**
     * {@code -Dsherpa.hostile.keep-alive=true}: requests share kept-alive connections, as most HTTP clients do,
     * instead of one connection each.
     */
    private static final boolean KEEP_ALIVE = Boolean.getBoolean("sherpa.hostile.keep-alive");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Bodies at least this large may be refused (413) before they are read, and the connection reset. */
    private static final int BODY_LIMIT = 64 * 1024;

    private static final int MAX_KEPT_FAILURES = 25;

    private final String service;
    private final URI base;
    private final HttpClient client;
    private final AtomicLong sent = new AtomicLong();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, LongAdder>> byLabel = new ConcurrentHashMap<>();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder failureCount = new LongAdder();
    private final LongAdder resetOversized = new LongAdder();
    private final LongAdder codecRefusals = new LongAdder();
    private final LongAdder droppedThenAnswered = new LongAdder();
    private final List<String> dropped = new ArrayList<>();

    public HostileFire(String service, int port) {
        this.service = service;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
    }

    /** Sends every shot, {@code parallelism} at a time, and waits for all of them. */
    public void fire(List<Shot> shots, int parallelism) {
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            for (Shot shot : shots) {
                pool.execute(() -> send(shot));
            }
        } finally {
            pool.shutdown();
            try {
                if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
                    pool.shutdownNow();
                    throw new AssertionError(service + ": hostile requests did not finish within 5 minutes");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Sends one shot and records the outcome; returns the answer, if there was an acceptable one. */
    public Optional<HttpResponse<byte[]>> send(Shot shot) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + shot.path()))
                    .timeout(TIMEOUT)
                    .method(
                            shot.method(),
                            shot.body() == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(shot.body()));
            if (!KEEP_ALIVE) {
                builder.header("Connection", "close");
            }
            shot.headers().forEach((name, value) -> {
                if (value != null) {
                    builder.header(name, value);
                }
            });
            request = builder.build();
        } catch (IllegalArgumentException e) {
            fail(-3, "the test could not build this request: " + e, shot);
            return Optional.empty();
        }
        sent.incrementAndGet();
        java.time.Instant start = java.time.Instant.now();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            fail(-1, "no answer within " + TIMEOUT.toSeconds() + " s to the request sent at " + start, shot);
            return Optional.empty();
        } catch (IOException e) {
            if (shot.body() != null && shot.body().length > BODY_LIMIT) {
                // refused before it was read: the server answers 413 and closes, and the reset can reach the
                // client while it still uploads, before it reads the answer
                count(shot.label(), 413);
                resetOversized.increment();
                return Optional.empty();
            }
            // a connection dropped without an answer: once, a client sends the request again on a new one; the
            // run counts these (the report's "dropped") and fails only if the second try is not answered either
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                droppedThenAnswered.increment();
                synchronized (dropped) {
                    if (dropped.size() < MAX_KEPT_FAILURES) {
                        dropped.add(e + " for " + shot.describe());
                    }
                }
            } catch (IOException | InterruptedException again) {
                fail(-2, "no answer, twice: " + e + " / " + again, shot);
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        int status = response.statusCode();
        count(shot.label(), status);
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 200 && status < 300) {
            return Optional.of(response);
        }
        if (status >= 400 && status < 500 && type.startsWith("application/problem+json")) {
            return Optional.of(response);
        }
        if ((status == 414 || status == 431) && type.isEmpty()) {
            // the HTTP codec's own refusal of a request line or headers over its limit, before any handler
            codecRefusals.increment();
            return Optional.empty();
        }
        fail(status, "answered " + status + " with Content-Type '" + type + "': " + excerpt(response.body()), shot);
        return Optional.empty();
    }

    private void count(String label, int status) {
        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
        byLabel.computeIfAbsent(label, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new LongAdder())
                .increment();
    }

    private void fail(int status, String what, Shot shot) {
        if (status < 0) {
            count(shot.label(), status);
        }
        failureCount.increment();
        if (failures.size() < MAX_KEPT_FAILURES) {
            failures.add(what + "\n    for " + shot.describe());
        }
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    public long sent() {
        return sent.get();
    }

    /**
     * Status code → number of answers; -1 counts timeouts, -2 connections closed without an answer, -3 requests
     * the client refused to build.
     */
    public Map<Integer, Long> histogram() {
        return new TreeMap<>(statuses.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum())));
    }

    public long serverErrors() {
        return histogram().entrySet().stream()
                .filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** The figures of the run, one line overall and one per endpoint. */
    public String report() {
        StringBuilder out = new StringBuilder();
        out.append("HOSTILE ")
                .append(service)
                .append(": ")
                .append(sent())
                .append(" requests, statuses ")
                .append(histogram())
                .append(" (of the 413s ")
                .append(resetOversized.sum())
                .append(" reset while uploading over 64 KiB; of the 414/431s ")
                .append(codecRefusals.sum())
                .append(
                        " from the HTTP codec, without a problem body), dropped without an answer and answered when sent")
                .append(" again: ")
                .append(droppedThenAnswered.sum())
                .append(dropped.isEmpty() ? "" : " " + dropped)
                .append(", 5xx: ")
                .append(serverErrors())
                .append(", failures: ")
                .append(failureCount.sum())
                .append('\n');
        new TreeMap<>(byLabel)
                .forEach((label, counts) -> out.append("  ")
                        .append(label)
                        .append(' ')
                        .append(new TreeMap<>(counts.entrySet().stream()
                                .collect(Collectors.toMap(
                                        Map.Entry::getKey, e -> e.getValue().sum()))))
                        .append('\n'));
        return out.toString();
    }

    /** Fails with the first failing requests if any answer was not a 2xx or a problem+json 4xx. */
    public void assertSurvived() {
        if (failureCount.sum() > 0) {
            throw new AssertionError(service + ": " + failureCount.sum() + " of " + sent()
                    + " hostile requests were not answered with a 2xx or a problem+json 4xx:\n"
                    + String.join("\n", failures));
        }
    }
}
