package io.sherpa.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every committed record of {@code sherpa.comments.decided.v1} (read_committed, from the beginning, no consumer
 * group), kept per comment id while the tests run: what a downstream consumer can see, so "decided exactly
 * once" is counted where it matters. Keeps reading through broker restarts (the client reconnects).
 */
final class DecisionLog implements AutoCloseable {

    static final String TOPIC = "sherpa.comments.decided.v1";

    /** One decision as read from the topic. */
    record Decided(
            String commentId,
            long sequence,
            String decision,
            String authorId,
            String postAuthorId,
            String parentAuthorId,
            int partition,
            long offset) {}

    private final Map<String, List<Decided>> byComment = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final JsonMapper json;
    private final Thread thread;
    private volatile boolean running = true;

    DecisionLog(String bootstrap, JsonMapper json) {
        this.json = json;
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "fault-tests-decisions");
        thread = new Thread(() -> follow(props), "decided-log");
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(Properties props) {
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> infos = List.of();
            while (running && infos.isEmpty()) {
                try {
                    infos = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5));
                } catch (RuntimeException notYet) {
                    infos = List.of();
                }
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    add(r);
                }
            }
        }
    }

    private void add(ConsumerRecord<String, String> r) {
        JsonNode d;
        try {
            d = json.readTree(r.value());
        } catch (RuntimeException e) {
            unreadable.incrementAndGet(); // the poison records the tests put there themselves
            return;
        }
        if (d == null || !d.hasNonNull("commentId")) {
            unreadable.incrementAndGet();
            return;
        }
        Decided decided = new Decided(
                d.path("commentId").asString(),
                d.path("sequence").asLong(),
                d.path("decision").asString(),
                d.path("authorId").asString(),
                d.hasNonNull("postAuthorId") ? d.path("postAuthorId").asString() : null,
                d.hasNonNull("parentAuthorId") ? d.path("parentAuthorId").asString() : null,
                r.partition(),
                r.offset());
        byComment
                .computeIfAbsent(decided.commentId(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(decided);
    }

    /** Every decision read for a comment, in topic order (empty when none yet). */
    List<Decided> of(String commentId) {
        List<Decided> all = byComment.get(commentId);
        if (all == null) {
            return List.of();
        }
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** How many automatic decisions (sequence 1) were read for a comment: exactly one is the guarantee. */
    long automaticDecisions(String commentId) {
        return of(commentId).stream().filter(d -> d.sequence() == 1).count();
    }

    long records() {
        return byComment.values().stream().mapToLong(List::size).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
