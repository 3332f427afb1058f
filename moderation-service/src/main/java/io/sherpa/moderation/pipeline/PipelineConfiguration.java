package io.sherpa.moderation.pipeline;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sherpa.moderation.ModerationProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.util.backoff.ExponentialBackOff;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The pipeline's infrastructure: what happens after a rolled-back batch, MongoDB indexes, the queue
 * gauges and MongoDB's health.
 */
@Configuration
class PipelineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PipelineConfiguration.class);

    /**
     * A batch that failed (MongoDB unreachable, say) was rolled back, so nothing of it is visible; it is
     * retried from the same offsets with backoff growing to 10 s, for as long as it takes. Records that
     * cannot be read never get here: the pipeline sends them to the DLT inside the transaction.
     */
    @Bean
    AfterRollbackProcessor<Object, Object> retryUntilStorageIsBack(ProducerFactory<?, ?> producers) {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultAfterRollbackProcessor<>(backOff) {
            @Override
            public void processBatch(
                    org.apache.kafka.clients.consumer.ConsumerRecords<Object, Object> records,
                    java.util.List<org.apache.kafka.clients.consumer.ConsumerRecord<Object, Object>> recordList,
                    org.apache.kafka.clients.consumer.Consumer<Object, Object> consumer,
                    org.springframework.kafka.listener.MessageListenerContainer container,
                    Exception exception,
                    boolean recoverable,
                    org.springframework.kafka.listener.ContainerProperties.EOSMode eosMode) {
                renewProducersIfTheirEpochIsLost(producers, exception);
                super.processBatch(records, recordList, consumer, container, exception, recoverable, eosMode);
            }
        };
    }

    /**
     * The transaction manager of every listener container here. After any rollback the transactional
     * producers are renewed: the one that rolled back is closed when it is released, never cached again.
     * A Kafka producer whose transaction failed while the broker was unreachable can keep the consumer
     * offsets it was asked to send and send them with its next transaction (seen with the broker killed
     * mid-transaction: the offsets of a batch whose decisions were aborted were committed by the next
     * transaction of the same producer, for another batch, and after the rebalance that followed the
     * comments of the aborted batch were never decided). A producer that rolled back starts no other
     * transaction.
     */
    @Bean
    KafkaTransactionManager<?, ?> kafkaTransactionManager(ProducerFactory<?, ?> producers) {
        return renewingAfterRollback(producers);
    }

    private static <K, V> KafkaTransactionManager<K, V> renewingAfterRollback(ProducerFactory<K, V> producers) {
        return new KafkaTransactionManager<>(producers) {
            @Override
            protected void doRollback(DefaultTransactionStatus status) {
                try {
                    super.doRollback(status);
                } finally {
                    // before the producer is released: released after a reset, it is closed, not cached
                    getProducerFactory().reset();
                }
            }
        };
    }

    /**
     * The broker aborts a transaction left open longer than {@code transaction.timeout.ms} and bumps its
     * producer's epoch (KIP-588); the producer then fails every later transaction with
     * {@code InvalidProducerEpochException}, and a batch retried with it would never be decided. The cached
     * producers are dropped, so the retry starts with a new one that fetches the current epoch.
     */
    static void renewProducersIfTheirEpochIsLost(ProducerFactory<?, ?> producers, Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof org.apache.kafka.common.errors.InvalidProducerEpochException
                    || e instanceof org.apache.kafka.common.errors.ProducerFencedException) {
                log.warn("Transactional producers renewed after {}", e.toString());
                producers.reset();
                return;
            }
            if (e.getCause() == e) {
                return;
            }
        }
    }

    /**
     * A safety net under the above: transactional producers are renewed once they are a minute old, when
     * they go back to the cache between two batches, so no producer stays in a state the broker gave up on.
     */
    @Bean
    org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer renewProducersEveryMinute() {
        return factory -> factory.setMaxAge(Duration.ofMinutes(1));
    }

    @Bean
    QueueGauges queueGauges(ModerationStore store, MeterRegistry meters, ModerationProperties settings) {
        return new QueueGauges(store, meters, settings.queueGaugeInterval());
    }

    @Bean("storageHealthIndicator")
    ReactiveHealthIndicator storageHealth(ModerationStore store) {
        return () -> store.ping(Duration.ofSeconds(2))
                .thenReturn(Health.up().build())
                .onErrorResume(e -> Mono.just(
                        Health.down().withDetail("error", e.toString()).build()));
    }

    @EventListener(ApplicationReadyEvent.class)
    void createIndexes(ApplicationReadyEvent ready) {
        try {
            var context = ready.getApplicationContext();
            context.getBean(ModerationStore.class)
                    .ensureIndexes()
                    .then(context.getBean(DecisionCounts.class).ensureIndexes())
                    .block(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            log.error("Could not create MongoDB indexes (will retry on next start): {}", e.toString());
        }
    }

    /**
     * {@code sherpa_moderation_queue_depth{site}} and {@code sherpa_moderation_queue_oldest_age_seconds{site}},
     * recomputed from MongoDB every interval (so they agree across replicas).
     */
    static final class QueueGauges implements org.springframework.beans.factory.DisposableBean {

        private final Map<String, AtomicLong> depth = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> oldest = new ConcurrentHashMap<>();
        private final MeterRegistry meters;
        private final Disposable refresh;

        QueueGauges(ModerationStore store, MeterRegistry meters, Duration interval) {
            this.meters = meters;
            this.refresh = Flux.interval(Duration.ofSeconds(1), interval)
                    .concatMap(tick -> store.heldStats()
                            .collectList()
                            .doOnNext(this::update)
                            .onErrorResume(e -> Mono.empty()))
                    .subscribe();
        }

        private void update(java.util.List<org.bson.Document> stats) {
            Instant now = Instant.now();
            depth.values().forEach(v -> v.set(0));
            oldest.values().forEach(v -> v.set(0));
            for (org.bson.Document s : stats) {
                String site = s.getString("_id");
                if (site == null) {
                    continue;
                }
                gauge(depth, "sherpa.moderation.queue.depth", "Comments waiting in the queue", site)
                        .set(((Number) s.get("count")).longValue());
                java.util.Date at = s.getDate("oldest");
                gauge(oldest, "sherpa.moderation.queue.oldest.age", "Age of the oldest held comment, seconds", site)
                        .set(
                                at == null
                                        ? 0
                                        : Math.max(
                                                0,
                                                Duration.between(at.toInstant(), now)
                                                        .toSeconds()));
            }
        }

        private AtomicLong gauge(Map<String, AtomicLong> values, String name, String description, String site) {
            return values.computeIfAbsent(site, s -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder(name, value, AtomicLong::get)
                        .description(description)
                        .baseUnit(name.endsWith("age") ? "seconds" : null)
                        .tag("site", s)
                        .register(meters);
                return value;
            });
        }

        @Override
        public void destroy() {
            refresh.dispose();
        }
    }
}
