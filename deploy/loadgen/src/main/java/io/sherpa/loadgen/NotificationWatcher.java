package io.sherpa.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Recorder;

/**
 * Times decided → delivered for inbox notifications: follows the inbox streams (SSE) of the posts' authors,
 * the recipients of every approved comment of the mix, and matches each notification with the moment its
 * comment's decision was read from the decided topic (whichever is seen first).
 */
final class NotificationWatcher {

    private static final Pattern COMMENT = Pattern.compile("\"commentId\":\"([0-9a-f-]{36})\"");

    private final Map<String, Long> decidedAt = new HashMap<>();
    private final Map<String, Long> notifiedAt = new HashMap<>();
    private final Recorder latency;
    private final AtomicLong delivered = new AtomicLong();

    NotificationWatcher(Recorder latency) {
        this.latency = latency;
    }

    /** Opens one SSE stream per post author; returns once they are requested (they connect asynchronously). */
    void follow(HttpClient client, String baseUrl, String apiKey, int posts) {
        for (int post = 0; post < posts; post++) {
            HttpRequest request = HttpRequest.newBuilder(
                            URI.create(baseUrl + "/api/v1/users/author-of-" + post + "/notifications/stream"))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Accept", "text/event-stream")
                    .timeout(Duration.ofHours(1))
                    .GET()
                    .build();
            client.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body()
                            .filter(line -> line.startsWith("data:"))
                            .forEach(line -> {
                                Matcher m = COMMENT.matcher(line);
                                if (m.find()) {
                                    notified(m.group(1), System.currentTimeMillis());
                                }
                            }));
        }
    }

    synchronized void decided(String commentId, long atWall) {
        Long notified = notifiedAt.remove(commentId);
        if (notified != null) {
            record(notified - atWall);
        } else if (decidedAt.size() < 1_000_000) {
            decidedAt.putIfAbsent(commentId, atWall);
        }
    }

    private synchronized void notified(String commentId, long atWall) {
        Long decided = decidedAt.remove(commentId);
        if (decided != null) {
            record(atWall - decided);
        } else if (notifiedAt.size() < 1_000_000) {
            notifiedAt.put(commentId, atWall);
        }
    }

    private void record(long millis) {
        latency.recordValue(Math.max(1, millis * 1000));
        delivered.incrementAndGet();
    }

    long delivered() {
        return delivered.get();
    }
}
