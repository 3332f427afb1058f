package io.sherpa.moderation.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ProducerFactory;

/** A rolled-back batch renews the transactional producers only when the broker gave up on their epoch. */
class ProducerRenewalTest {

    private final AtomicInteger resets = new AtomicInteger();
    private final ProducerFactory<String, String> producers = new ProducerFactory<>() {
        @Override
        public Producer<String, String> createProducer() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reset() {
            resets.incrementAndGet();
        }
    };

    @Test
    void aLostEpochAnywhereInTheCauseChainRenewsTheProducers() {
        PipelineConfiguration.renewProducersIfTheirEpochIsLost(
                producers,
                new KafkaException(
                        "commit failed", new InvalidProducerEpochException("attempted to produce with an old epoch")));
        PipelineConfiguration.renewProducersIfTheirEpochIsLost(producers, new ProducerFencedException("fenced"));
        assertThat(resets).hasValue(2);
    }

    @Test
    void otherFailuresKeepTheProducers() {
        PipelineConfiguration.renewProducersIfTheirEpochIsLost(
                producers, new IllegalStateException("Timeout on blocking read"));
        PipelineConfiguration.renewProducersIfTheirEpochIsLost(producers, new KafkaException("broker gone"));
        assertThat(resets).hasValue(0);
    }
}
