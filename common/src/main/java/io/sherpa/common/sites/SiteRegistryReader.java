package io.sherpa.common.sites;

import io.sherpa.common.events.SiteChanged;
import io.sherpa.common.ids.SiteId;
import io.sherpa.common.json.EventJson;
import io.sherpa.common.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reads the whole compacted {@code sherpa.sites.v1} topic into the {@link SiteRegistry} and keeps
 * following it. It uses no consumer group: every replica of every service reads every record. Start-up
 * waits (bounded) until the registry has caught up with the topic, so API keys work as soon as the
 * service answers.
 *
 * <p>An unreadable record is skipped (the registry keeps what it had for that site) and, when a
 * {@link DeadLetters} is given, dead-lettered — but only if it arrived while this reader runs: the records
 * before that are re-read at every start, and were dead-lettered then by whoever read them live.
 */
public class SiteRegistryReader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SiteRegistryReader.class);

    private final SiteRegistry registry;
    private final Supplier<Consumer<String, String>> consumers;
    private final Duration startupWait;
    private final DeadLetters deadLetters;
    private final Map<Integer, Long> liveFrom = new java.util.concurrent.ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private Thread thread;

    /** Where an unreadable site record goes, with the reason it could not be read. */
    @FunctionalInterface
    public interface DeadLetters {
        void unreadable(ConsumerRecord<String, String> record, Exception error);
    }

    public SiteRegistryReader(
            SiteRegistry registry, Supplier<Consumer<String, String>> consumers, Duration startupWait) {
        this(registry, consumers, startupWait, null);
    }

    public SiteRegistryReader(
            SiteRegistry registry,
            Supplier<Consumer<String, String>> consumers,
            Duration startupWait,
            DeadLetters deadLetters) {
        this.registry = registry;
        this.consumers = consumers;
        this.startupWait = startupWait;
        this.deadLetters = deadLetters;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::run, "sherpa-site-registry");
        thread.setDaemon(true);
        thread.start();
        try {
            if (!caughtUp.await(startupWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn(
                        "Site registry not caught up with {} after {}; continuing, keys will work once it has",
                        Topics.SITES.name(),
                        startupWait);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the registry has read the topic up to where it ended when this reader started. */
    public boolean isCaughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        while (running) {
            try (Consumer<String, String> c = consumers.get()) {
                consumer = c;
                follow(c);
            } catch (WakeupException stopping) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Site registry reader failed, retrying in 1 s: {}", e.toString());
                sleepQuietly(1000);
            }
        }
    }

    private void follow(Consumer<String, String> c) {
        List<TopicPartition> partitions = awaitPartitions(c);
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> endAtStart = new HashMap<>(c.endOffsets(partitions, Duration.ofSeconds(10)));
        endAtStart.forEach((tp, end) -> liveFrom.putIfAbsent(tp.partition(), end));
        while (running) {
            for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                apply(record);
            }
            if (caughtUp.getCount() > 0) {
                endAtStart.entrySet().removeIf(e -> c.position(e.getKey()) >= e.getValue());
                if (endAtStart.isEmpty()) {
                    log.info("Site registry caught up: {} sites", registry.all().size());
                    caughtUp.countDown();
                }
            }
        }
    }

    private List<TopicPartition> awaitPartitions(Consumer<String, String> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(Topics.SITES.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            sleepQuietly(500);
        }
        return List.of();
    }

    private void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() != null && SiteId.isValid(record.key())) {
                registry.remove(SiteId.of(record.key()));
            }
            return;
        }
        try {
            registry.apply(EventJson.read(record.value(), SiteChanged.class));
        } catch (RuntimeException e) { // unreadable, or readable but not a site this registry can hold
            log.error(
                    "Skipping unreadable site record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            if (deadLetters != null && record.offset() >= liveFrom.getOrDefault(record.partition(), Long.MAX_VALUE)) {
                try {
                    deadLetters.unreadable(record, e);
                } catch (RuntimeException failed) {
                    log.error("Could not dead-letter the unreadable site record: {}", failed.toString());
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running = false;
        Consumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after the Kafka admin has created the topics, before the web server takes requests. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }
}
