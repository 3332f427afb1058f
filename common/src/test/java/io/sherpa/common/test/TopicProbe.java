package io.sherpa.common.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning (read_committed) until a record matches, for assertions in tests. */
public final class TopicProbe {

    private TopicProbe() {}

    /** The first record matching, waiting up to {@code timeout}; fails the test if none arrives. */
    public static ConsumerRecord<String, String> await(
            String bootstrap, String topic, Duration timeout, Predicate<ConsumerRecord<String, String>> match) {
        List<ConsumerRecord<String, String>> found = collect(bootstrap, topic, timeout, match, 1);
        if (found.isEmpty()) {
            throw new AssertionError("No matching record on " + topic + " within " + timeout);
        }
        return found.get(0);
    }

    /** Every matching record seen within {@code timeout}, stopping early once {@code enough} matched. */
    public static List<ConsumerRecord<String, String>> collect(
            String bootstrap,
            String topic,
            Duration timeout,
            Predicate<ConsumerRecord<String, String>> match,
            int enough) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        List<ConsumerRecord<String, String>> matches = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && matches.size() < enough) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (match.test(record)) {
                        matches.add(record);
                    }
                }
            }
        }
        return matches;
    }
}
