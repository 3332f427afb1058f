package io.sherpa.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.common.json.EventFormatException;
import io.sherpa.common.sites.SiteRegistry;
import io.sherpa.common.sites.SiteRegistryHealth;
import io.sherpa.common.sites.SiteRegistryReader;
import io.sherpa.common.topics.Topic;
import io.sherpa.common.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.util.backoff.ExponentialBackOff;

/** Kafka and metrics settings every Sherpa service shares, so no service copies them. */
@AutoConfiguration(before = KafkaAutoConfiguration.class)
@EnableConfigurationProperties(SherpaKafkaProperties.class)
public class SherpaKafkaAutoConfiguration {

    /** The meter counting records sent to a {@code .DLT}, by dead-letter topic. */
    public static final String DEAD_LETTERS = "sherpa.kafka.dead.letters";

    /** Producers say what they guarantee: idempotent, acknowledged by all in-sync replicas, JSON as text. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer sherpaProducerSettings() {
        return factory -> {
            Map<String, Object> settings = new HashMap<>();
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            factory.updateConfigs(settings);
        };
    }

    /**
     * Consumers read only committed records, commit only what was processed, start from the beginning of
     * a topic they have never read, and belong to a group named after the service.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer sherpaConsumerSettings(
            KafkaProperties kafka, @Value("${spring.application.name}") String application) {
        return factory -> {
            Map<String, Object> settings = new HashMap<>();
            settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            if (kafka.getConsumer().getGroupId() == null) {
                settings.put(ConsumerConfig.GROUP_ID_CONFIG, application);
            }
            factory.updateConfigs(settings);
        };
    }

    /** Every topic of the catalogue and its dead-letter topic, created if missing. */
    @Bean
    KafkaAdmin.NewTopics sherpaTopics(SherpaKafkaProperties settings) {
        List<NewTopic> topics = new ArrayList<>();
        for (Topic<?> topic : Topics.all()) {
            int partitions = topic.compacted() ? topic.partitions() : settings.partitions();
            TopicBuilder main =
                    TopicBuilder.name(topic.name()).partitions(partitions).replicas(settings.replicationFactor());
            if (topic.compacted()) {
                main.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            }
            topics.add(main.build());
            topics.add(TopicBuilder.name(topic.deadLetterName())
                    .partitions(partitions)
                    .replicas(settings.replicationFactor())
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    /**
     * Failed records are retried a bounded number of times with exponential backoff, then published to
     * {@code <topic>.DLT} (same partition) with the exception in the headers; the consumer goes on.
     * Records that are not valid events are never retried. A failure because a dependency did not answer
     * ({@link DependencyUnavailable}: MongoDB down, say) is not the record's fault: it is retried, backoff
     * growing to 10 s, until the dependency is back, never dead-lettered (a store down for longer than the
     * bounded retries would otherwise send good records to the DLT, and their effects would be lost).
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler sherpaErrorHandler(
            KafkaOperations<?, ?> template, SherpaKafkaProperties settings, ObjectProvider<MeterRegistry> meters) {
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(
                template, (record, error) -> new TopicPartition(record.topic() + ".DLT", record.partition()));
        ConsumerRecordRecoverer recoverer = (record, error) -> {
            publisher.accept(record, error);
            countDeadLetter(meters, record.topic() + ".DLT");
        };
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(settings.retryAttempts());
        backOff.setInitialInterval(settings.retryBackoff().toMillis());
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventFormatException.class, IllegalArgumentException.class);
        ExponentialBackOff untilBack =
                new ExponentialBackOff(settings.retryBackoff().toMillis(), 2.0);
        untilBack.setMaxInterval(10_000); // and no limit on attempts or elapsed time
        handler.setBackOffFunction((record, error) -> DependencyUnavailable.isCause(error) ? untilBack : null);
        return handler;
    }

    @Bean
    @ConditionalOnMissingBean
    SiteRegistry siteRegistry() {
        return new SiteRegistry();
    }

    /**
     * The site registry's reader. With {@code sherpa.sites.dead-letter-unreadable} (ingest-service, the topic's
     * owner, sets it) an unreadable site record that arrives while it runs goes to {@code sherpa.sites.v1.DLT}
     * with the error in the headers, as records of the other topics do; the other services only log it, so
     * that one record is not dead-lettered by every service.
     */
    @Bean
    @ConditionalOnProperty(name = "sherpa.sites.reader-enabled", matchIfMissing = true)
    SiteRegistryReader siteRegistryReader(
            SiteRegistry registry,
            KafkaProperties kafka,
            SherpaKafkaProperties settings,
            KafkaOperations<?, ?> template,
            ObjectProvider<MeterRegistry> meters,
            @Value("${sherpa.sites.dead-letter-unreadable:false}") boolean deadLetterUnreadable) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.CLIENT_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new SiteRegistryReader(
                registry,
                () -> new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer()),
                settings.siteRegistryStartupWait(),
                deadLetterUnreadable ? deadLetters(template, meters) : null);
    }

    /**
     * {@code sherpa_kafka_dead_letters_total{topic}}: records this service sent to a {@code .DLT}. The Kafka
     * client's own per-topic producer series vanish minutes after the last send; this counter stays, so an
     * alert on a dead letter holds for as long as the rule looks back.
     */
    static void countDeadLetter(ObjectProvider<MeterRegistry> meters, String deadLetterTopic) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            Counter.builder(DEAD_LETTERS)
                    .description("Records this service sent to a dead-letter topic")
                    .tag("topic", deadLetterTopic)
                    .register(registry)
                    .increment();
        }
    }

    @SuppressWarnings("unchecked")
    private static SiteRegistryReader.DeadLetters deadLetters(
            KafkaOperations<?, ?> template, ObjectProvider<MeterRegistry> meters) {
        KafkaOperations<Object, Object> kafka = (KafkaOperations<Object, Object>) template;
        return (record, error) -> {
            ProducerRecord<Object, Object> dead =
                    new ProducerRecord<>(record.topic() + ".DLT", record.partition(), record.key(), record.value());
            dead.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, bytes(record.topic()));
            dead.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, bytes(Integer.toString(record.partition())));
            dead.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, bytes(Long.toString(record.offset())));
            dead.headers()
                    .add(KafkaHeaders.DLT_EXCEPTION_FQCN, bytes(error.getClass().getName()));
            dead.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, bytes(String.valueOf(error.getMessage())));
            try {
                (kafka.isTransactional() ? kafka.executeInTransaction(t -> t.send(dead)) : kafka.send(dead))
                        .get(10, TimeUnit.SECONDS);
                countDeadLetter(meters, dead.topic());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("dead letter not acknowledged", e);
            }
        };
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Bean("sitesHealthIndicator")
    @ConditionalOnProperty(name = "sherpa.sites.reader-enabled", matchIfMissing = true)
    SiteRegistryHealth siteRegistryHealth(SiteRegistryReader reader, SiteRegistry registry) {
        return new SiteRegistryHealth(reader, registry);
    }

    /** Every metric carries the service's name, so one Prometheus can tell the services apart. */
    @Bean
    MeterRegistryCustomizer<MeterRegistry> sherpaCommonTags(@Value("${spring.application.name}") String application) {
        return registry -> registry.config().commonTags("application", application);
    }
}
