package io.sherpa.notification.delivery;

import io.sherpa.notification.NotificationProperties;
import io.sherpa.notification.inbox.CommentViewStore;
import io.sherpa.notification.inbox.NotificationPipeline;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Fires due timers of unanswered newcomer questions (stored in MongoDB, so they survive restarts). A fired timer
 * is leased, not deleted, until the mentors were told: a failure in between fires it again after the lease,
 * and telling twice notifies nobody twice (a notification's id is derived from recipient, comment and kind).
 */
@Component
public class TimerWorker implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TimerWorker.class);

    /** How long a fired timer is held by the replica telling the mentors; due again after, if that failed. */
    static final java.time.Duration LEASE = java.time.Duration.ofMinutes(1);

    private final CommentViewStore view;
    private final NotificationPipeline pipeline;
    private final NotificationProperties settings;
    private final Clock clock = Clock.systemUTC();
    private Disposable loop;

    public TimerWorker(CommentViewStore view, NotificationPipeline pipeline, NotificationProperties settings) {
        this.view = view;
        this.pipeline = pipeline;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        loop = Flux.interval(settings.timerInterval())
                .onBackpressureDrop()
                .concatMap(
                        tick -> view.dueTimers(clock.instant())
                                .concatMap(timer -> {
                                    String question = timer.getString("_id");
                                    return view.fire(question, clock.instant(), LEASE)
                                            .filter(Boolean::booleanValue)
                                            .flatMap(fired -> pipeline.unanswered(question))
                                            .filter(Boolean::booleanValue) // settled: else due again after the lease
                                            .flatMap(settled -> view.cancelTimer(question));
                                })
                                .then()
                                .onErrorResume(e -> {
                                    log.warn("Timer round failed: {}", e.toString());
                                    return Mono.empty();
                                }),
                        1)
                .subscribe();
    }

    @Override
    public void destroy() {
        if (loop != null) {
            loop.dispose();
        }
    }
}
