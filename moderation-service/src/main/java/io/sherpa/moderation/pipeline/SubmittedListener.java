package io.sherpa.moderation.pipeline;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Feeds batches of {@code sherpa.comments.submitted.v1} to the pipeline, inside the container's Kafka transaction. */
@Component
class SubmittedListener {

    private final ModerationPipeline pipeline;

    SubmittedListener(ModerationPipeline pipeline) {
        this.pipeline = pipeline;
    }

    @KafkaListener(
            id = "moderation-pipeline",
            groupId = "moderation-service",
            topics = "sherpa.comments.submitted.v1",
            batch = "true",
            concurrency = "${sherpa.moderation.concurrency:2}")
    void onSubmitted(List<ConsumerRecord<String, String>> records) {
        pipeline.process(records);
    }
}
