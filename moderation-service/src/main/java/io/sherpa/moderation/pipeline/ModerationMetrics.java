package io.sherpa.moderation.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.common.kafka.SherpaKafkaAutoConfiguration;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * moderation-service's metrics (DESIGN §8), from this one place: decisions, reasons, submitted→decided
 * latency, overrides, signal errors and dead-lettered records. Tags are low-cardinality only.
 */
@Component
public class ModerationMetrics {

    private final MeterRegistry meters;
    private final Timer latency;

    public ModerationMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.latency = Timer.builder("sherpa.moderation.latency")
                .description("From a comment's arrival at ingest to its automatic decision")
                .publishPercentileHistogram()
                .serviceLevelObjectives(
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1))
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(meters);
    }

    public void decided(CommentDecided decided, Duration sinceArrival) {
        Counter.builder("sherpa.moderation.decisions")
                .description("Decisions by site, outcome and who made them")
                .tag("site", decided.siteId().value())
                .tag("decision", decided.decision().name())
                .tag("source", decided.source().name())
                .register(meters)
                .increment();
        for (Reason reason : decided.reasons()) {
            Counter.builder("sherpa.moderation.reasons")
                    .description("Reasons given in decisions, by code")
                    .tag("code", reason.code().name())
                    .register(meters)
                    .increment();
        }
        if (sinceArrival != null) {
            latency.record(sinceArrival.isNegative() ? Duration.ZERO : sinceArrival);
        }
    }

    public void overridden(String site, Decision from, Decision to) {
        Counter.builder("sherpa.moderation.overrides")
                .description("Moderators reversing a decision: the false-positive/negative signal")
                .tag("site", site)
                .tag("from", from.name())
                .tag("to", to.name())
                .register(meters)
                .increment();
    }

    public void signalFailed(String signal) {
        Counter.builder("sherpa.moderation.signal.errors")
                .description("Signals that threw; their comments were held with SIGNAL_ERROR")
                .tag("signal", signal)
                .register(meters)
                .increment();
    }

    public void deadLettered(String topic) {
        Counter.builder("sherpa.moderation.dead.letters")
                .description("Records that could not be read and went to the topic's .DLT")
                .tag("topic", topic)
                .register(meters)
                .increment();
        Counter.builder(SherpaKafkaAutoConfiguration.DEAD_LETTERS)
                .description("Records this service sent to a dead-letter topic")
                .tag("topic", topic + ".DLT")
                .register(meters)
                .increment();
    }
}
