package io.sherpa.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Open-loop load against a running Sherpa. Requests are sent at fixed intended times whatever the
 * responses do, and latency is measured from the intended time (corrected for coordinated omission).
 * Decisions are timed by reading {@code sherpa.comments.decided.v1} (read_committed). The last line of
 * output is one JSON object with the figures.
 */
public final class LoadGenerator {

    private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        if (opts.containsKey("help")) {
            System.out.println(String.join(
                    "\n",
                    "usage: java -jar deploy/loadgen/target/loadgen.jar --rate N --duration 60s [--batch N] [--api-key K]",
                    "  --rate N          comments per second offered (open loop)",
                    "  --duration D      how long to offer load (e.g. 60s, 2m)",
                    "  --batch N         send batches of N comments to /api/v1/comments:batch (default: single POSTs)",
                    "  --api-key K       the site's API key (default: $SHERPA_DEMO_API_KEY)",
                    "  --url U           ingest-service base URL (default http://localhost:8081)",
                    "  --kafka B         Kafka bootstrap servers to read decisions from (default 127.0.0.1:9092)",
                    "  --grace D         how long to wait for decisions after the load ends (default 30s)",
                    "  --connections N   HTTP connections are pooled by the JDK client; N caps requests in flight (default 512)",
                    "  --seed S          seed of the comment mix (default: a new one per run)",
                    "  --notifications U notification-service base URL whose inbox streams are timed",
                    "                    (default http://localhost:8083; 'none' to skip)"));
            return;
        }
        int rate = Integer.parseInt(opts.getOrDefault("rate", "100"));
        Duration duration = duration(opts.getOrDefault("duration", "60s"));
        int batch = Integer.parseInt(opts.getOrDefault("batch", "1"));
        String apiKey = opts.getOrDefault("api-key", System.getenv().getOrDefault("SHERPA_DEMO_API_KEY", ""));
        String url = opts.getOrDefault("url", "http://localhost:8081");
        String kafka = opts.getOrDefault("kafka", "127.0.0.1:9092");
        Duration grace = duration(opts.getOrDefault("grace", "30s"));
        int maxInFlight = Integer.parseInt(opts.getOrDefault("connections", "512"));
        if (apiKey.isBlank()) {
            System.err.println("No API key: pass --api-key or set SHERPA_DEMO_API_KEY");
            System.exit(2);
        }

        Recorder http = new Recorder(3);
        Recorder decide = new Recorder(3);
        Recorder notify = new Recorder(3);
        NotificationWatcher watcher = new NotificationWatcher(notify);
        DecisionClock pendingDecision = new DecisionClock();
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong decided = new AtomicLong();
        AtomicLong offered = new AtomicLong();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(maxInFlight);

        AtomicBoolean consuming = new AtomicBoolean(true);
        CountDownLatch consumerReady = new CountDownLatch(1);
        Thread consumer = new Thread(
                () -> consumeDecisions(kafka, consuming, consumerReady, pendingDecision, decide, decided, watcher),
                "decisions");
        consumer.start();
        consumerReady.await();

        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4))
                .build();
        String notificationsUrl = opts.getOrDefault("notifications", "http://localhost:8083");
        if (!notificationsUrl.equals("none")) {
            watcher.follow(
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                    notificationsUrl,
                    apiKey,
                    CommentMix.POSTS);
            Thread.sleep(1000); // let the streams connect before the first comment
        }
        // a fresh seed per run unless given: a second run must not repeat the first run's texts, or
        // moderation would (rightly) reject them all as the same authors' duplicates
        long seed = Long.parseLong(opts.getOrDefault("seed", Long.toString(System.nanoTime())));
        CommentMix mix =
                new CommentMix(seed, "lg-" + UUID.randomUUID().toString().substring(0, 8));
        long requestsPerSecond = Math.max(1, rate / batch);
        long intervalNanos = 1_000_000_000L / requestsPerSecond;
        long totalRequests = requestsPerSecond * duration.toSeconds();
        String endpoint = url + (batch > 1 ? "/api/v1/comments:batch" : "/api/v1/comments");
        System.out.printf(
                Locale.ROOT,
                "Offering %d comments/s (%d requests/s of %d) for %d s to %s%n",
                requestsPerSecond * batch,
                requestsPerSecond,
                batch,
                duration.toSeconds(),
                endpoint);

        long start = System.nanoTime();
        for (long i = 0; i < totalRequests; i++) {
            long intended = start + i * intervalNanos;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body;
            if (batch > 1) {
                List<String> items = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    items.add(mix.next());
                }
                body = "{\"comments\":[" + String.join(",", items) + "]}";
            } else {
                body = mix.next();
            }
            offered.addAndGet(batch);
            if (!inFlight.tryAcquire()) {
                errors.addAndGet(batch); // the client itself is saturated: count, never slow the schedule
                http.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                continue;
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            long sentWall = System.currentTimeMillis() - (System.nanoTime() - intended) / 1_000_000;
            client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                inFlight.release();
                http.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                if (failure != null) {
                    errors.addAndGet(batch);
                    return;
                }
                int status = response.statusCode();
                if (status == 202 || status == 200 || status == 207) {
                    Matcher m = ID.matcher(response.body());
                    int found = 0;
                    while (m.find()) {
                        if (batch > 1 && !response.body().contains("\"status\":202")) {
                            break;
                        }
                        pendingDecision.accepted(m.group(1), sentWall, decide, decided);
                        found++;
                    }
                    accepted.addAndGet(batch > 1 ? found : 1);
                    if (batch > 1 && found < batch) {
                        refused.addAndGet(batch - found);
                    }
                } else if (status >= 500) {
                    errors.addAndGet(batch);
                } else {
                    refused.addAndGet(batch);
                }
            });
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long graceEnd = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < graceEnd
                && (inFlight.availablePermits() < maxInFlight || !pendingDecision.isEmpty())) {
            Thread.sleep(100);
        }
        consuming.set(false);
        consumer.join(10_000);

        Histogram h = http.getIntervalHistogram();
        Histogram d = decide.getIntervalHistogram();
        long lost = pendingDecision.waiting();
        double achieved = accepted.get() / elapsed;
        System.out.println();
        System.out.printf(Locale.ROOT, "%-28s %12s%n", "measure", "value");
        row("offered comments", offered.get());
        row("accepted (202/200)", accepted.get());
        row("refused (4xx)", refused.get());
        row("errors (5xx, timeouts)", errors.get());
        row("decided", decided.get());
        row("accepted, never decided", lost);
        System.out.printf(Locale.ROOT, "%-28s %12.1f%n", "achieved comments/s", achieved);
        System.out.printf(
                Locale.ROOT, "%-28s %12s %10s %10s %10s %10s%n", "latency (ms)", "p50", "p90", "p99", "p99.9", "max");
        latencies("HTTP (request)", h);
        latencies("submitted -> decided", d);
        Histogram nh = notify.getIntervalHistogram();
        latencies("decided -> inbox (authors)", nh);
        System.out.printf(
                Locale.ROOT,
                "{\"offered_per_s\":%d,\"achieved_per_s\":%.1f,\"http_p50_ms\":%.2f,\"http_p99_ms\":%.2f,\"decide_p50_ms\":%.2f,"
                        + "\"decide_p99_ms\":%.2f,\"notify_p99_ms\":%s,\"errors\":%d,\"lost\":%d}%n",
                requestsPerSecond * batch,
                achieved,
                ms(h, 50),
                ms(h, 99),
                ms(d, 50),
                ms(d, 99),
                nh.getTotalCount() == 0 ? "null" : String.format(Locale.ROOT, "%.2f", ms(nh, 99)),
                errors.get(),
                lost);
        System.exit(0);
    }

    private static void consumeDecisions(
            String bootstrap,
            AtomicBoolean running,
            CountDownLatch ready,
            DecisionClock pending,
            Recorder decide,
            AtomicLong decided,
            NotificationWatcher watcher) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor("sherpa.comments.decided.v1", Duration.ofSeconds(10)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            ready.countDown();
            while (running.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    pending.decided(record.key(), now, decide, decided);
                    if (record.value() != null && record.value().contains("\"decision\":\"APPROVED\"")) {
                        watcher.decided(record.key(), now);
                    }
                }
            }
        } finally {
            ready.countDown();
        }
    }

    /**
     * Matches acceptances with decisions, whichever the generator sees first (a decision can be read
     * before the HTTP response that accepted its comment is processed).
     */
    static final class DecisionClock {
        private final Map<String, Long> sent = new java.util.HashMap<>();
        private final Map<String, Long> decidedFirst = new java.util.HashMap<>();

        synchronized void accepted(String id, long sentWall, Recorder decide, AtomicLong decided) {
            Long at = decidedFirst.remove(id);
            if (at != null) {
                decide.recordValue(Math.max(1, (at - sentWall) * 1000));
                decided.incrementAndGet();
            } else {
                sent.putIfAbsent(id, sentWall);
            }
        }

        synchronized void decided(String id, long atWall, Recorder decide, AtomicLong decided) {
            Long sentWall = sent.remove(id);
            if (sentWall != null) {
                decide.recordValue(Math.max(1, (atWall - sentWall) * 1000));
                decided.incrementAndGet();
            } else if (decidedFirst.size() < 1_000_000) {
                decidedFirst.put(id, atWall);
            }
        }

        synchronized boolean isEmpty() {
            return sent.isEmpty();
        }

        synchronized int waiting() {
            return sent.size();
        }
    }

    private static void row(String name, long value) {
        System.out.printf(Locale.ROOT, "%-28s %12d%n", name, value);
    }

    private static void latencies(String name, Histogram h) {
        System.out.printf(
                Locale.ROOT,
                "%-28s %12.2f %10.2f %10.2f %10.2f %10.2f%n",
                name,
                ms(h, 50),
                ms(h, 90),
                ms(h, 99),
                ms(h, 99.9),
                h.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s")) {
            return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        if (t.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
        }
        return Duration.ofSeconds(Long.parseLong(t));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                opts.put("help", "true");
            } else if (a.startsWith("--") && i + 1 < args.length) {
                opts.put(a.substring(2), args[++i]);
            } else {
                System.err.println("unknown argument: " + a + " (try --help)");
                System.exit(2);
            }
        }
        return opts;
    }
}
