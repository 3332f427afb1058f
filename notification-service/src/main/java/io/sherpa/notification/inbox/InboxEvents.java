package io.sherpa.notification.inbox;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/** New inbox items for this replica's SSE clients. */
@Component
public class InboxEvents {

    /** A new notification for a recipient of a site. */
    public record InboxEvent(String siteId, String recipientId, Notification notification) {}

    private final Sinks.Many<InboxEvent> sink = Sinks.many().multicast().directBestEffort();

    void publish(InboxEvent event) {
        sink.tryEmitNext(event);
    }

    public Flux<InboxEvent> events() {
        return sink.asFlux();
    }
}
