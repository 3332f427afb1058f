package io.sherpa.moderation.learning;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.sherpa.moderation.scoring.model.Example;
import io.sherpa.moderation.scoring.model.ModelTraining;
import io.sherpa.moderation.scoring.model.Models;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Trains a site's models from the starter corpus plus everything the site taught, on one background
 * thread. Requests are coalesced: lessons arriving while a site waits or trains make one more training,
 * not one each. The result is stored with the next version ({@link ModelStore#save}); if another replica
 * stored a newer one meanwhile, this one trains again on top of it. Each request is also noted in MongoDB
 * until a training answers it: a replica that stops before training, or a training that fails (the store
 * gone for a moment), leaves it there, and any replica trains the site once it is overdue.
 */
@Service
public class ModelTrainer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);

    private final ModelStore store;
    private final ModelRegistry registry;
    private final Duration debounce;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-trainer");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });
    private final Timer trainings;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final Duration overdue;

    public ModelTrainer(
            ModelStore store,
            ModelRegistry registry,
            MeterRegistry meters,
            @Value("${sherpa.moderation.training-delay:500ms}") Duration debounce,
            @Value("${sherpa.moderation.training-overdue:60s}") Duration overdue) {
        this.store = store;
        this.registry = registry;
        this.meters = meters;
        this.debounce = debounce;
        this.overdue = overdue;
        this.trainings = Timer.builder("sherpa.moderation.model.training")
                .description("Time to train a site's models")
                .register(meters);
        long sweep = Math.max(1_000, overdue.toMillis() / 2);
        worker.scheduleWithFixedDelay(this::trainOverdue, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * Asks for the site's models to be trained again soon. Blocking (notes the request in MongoDB): call it
     * off the event loop.
     */
    public void request(String siteId) {
        store.requestTraining(siteId, clock.instant());
        schedule(siteId);
    }

    private void schedule(String siteId) {
        if (pending.add(siteId)) {
            worker.schedule(() -> train(siteId), debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void trainOverdue() {
        try {
            for (String siteId : store.trainingsOverdue(clock.instant().minus(overdue))) {
                log.info("Training the models of site {}: asked for over {} ago and not done", siteId, overdue);
                schedule(siteId);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for overdue trainings: {}", e.toString());
        }
    }

    private void train(String siteId) {
        pending.remove(siteId);
        try {
            for (int attempt = 0; attempt < 3; attempt++) {
                Instant readFrom = clock.instant();
                if (trainOnce(siteId)) {
                    store.trainingDone(siteId, readFrom);
                    registry.refresh();
                    return;
                }
            }
            log.warn(
                    "Site {} kept changing while its models trained; it is trained again once its request is overdue",
                    siteId);
        } catch (RuntimeException e) {
            meters.counter("sherpa.moderation.model.training.failures").increment();
            log.error("Training the models of site {} failed; it keeps its current ones", siteId, e);
        }
    }

    private boolean trainOnce(String siteId) {
        long started = System.nanoTime();
        long version = store.versions().getOrDefault(siteId, 0L) + 1;
        List<ModelStore.StoredExample> lessons = store.examplesOf(siteId);
        List<Example> spam = new ArrayList<>();
        List<Example> toxicity = new ArrayList<>();
        for (ModelStore.StoredExample e : lessons) {
            Example example = new Example(e.text(), e.positive(), e.weight());
            (e.category().equals("toxicity") ? toxicity : spam).add(example);
        }
        Models trained = ModelTraining.train(siteId + "-" + version, spam, toxicity);
        boolean saved = store.save(siteId, version, trained, lessons.size(), clock.instant());
        trainings.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (saved) {
            log.info(
                    "Trained models {} from {} lessons ({} spam, {} toxicity) in {} ms",
                    trained.version(),
                    lessons.size(),
                    spam.size(),
                    toxicity.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return saved;
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
