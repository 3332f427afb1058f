package io.sherpa.notification.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/** {@code sherpa_notifications_total{channel,kind,outcome}} and {@code sherpa_notification_latency_seconds} (decided → delivered). */
@Component
public class NotificationMetrics {

    private final MeterRegistry meters;

    public NotificationMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    public void count(String channel, String kind, String outcome) {
        Counter.builder("sherpa.notifications")
                .description(
                        "Notifications by channel, kind and outcome (created, delivered, retried, dead, withdrawn, skipped)")
                .tag("channel", channel)
                .tag("kind", kind == null ? "unknown" : kind)
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    public void delivered(String channel, Duration sinceDecision) {
        Timer.builder("sherpa.notification.latency")
                .description("From a comment's decision to the notification's delivery, by channel")
                .tag("channel", channel)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters)
                .record(sinceDecision.isNegative() ? Duration.ZERO : sinceDecision);
    }
}
