package io.sherpa.moderation.dashboard;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Decisions per minute by outcome, derived from the {@code sherpa.moderation.decisions} counters (the
 * numbers Prometheus scrapes as {@code sherpa_moderation_decisions_total}): every few seconds, and on
 * every read, the growth of each counter since the last look is added to the current minute.
 */
@Component
class DecisionRates implements DisposableBean {

    static final String DECISIONS = "sherpa.moderation.decisions";
    static final int MINUTES_KEPT = 60;

    private final MeterRegistry meters;
    private final Clock clock;
    private final Map<String, Double> lastSeen = new HashMap<>();
    /** minute (epoch) → "site|decision" → decisions in that minute */
    private final TreeMap<Long, Map<String, Double>> perMinute = new TreeMap<>();

    private final Disposable sampling;

    DecisionRates(MeterRegistry meters) {
        this.meters = meters;
        this.clock = Clock.systemUTC();
        this.sampling = Flux.interval(Duration.ofSeconds(5)).subscribe(tick -> sample());
    }

    synchronized void sample() {
        long minute = clock.instant().getEpochSecond() / 60;
        for (Counter counter : meters.find(DECISIONS).counters()) {
            String key = counter.getId().getTag("site") + "|" + counter.getId().getTag("decision");
            String seenKey = key + "|" + counter.getId().getTag("source");
            double now = counter.count();
            double before = lastSeen.getOrDefault(seenKey, 0.0);
            lastSeen.put(seenKey, now);
            if (now > before) {
                perMinute.computeIfAbsent(minute, m -> new HashMap<>()).merge(key, now - before, Double::sum);
            }
        }
        while (!perMinute.isEmpty() && perMinute.firstKey() <= minute - MINUTES_KEPT) {
            perMinute.pollFirstEntry();
        }
    }

    /** The last {@code minutes} minutes (oldest first, the current one last) for the given sites. */
    synchronized Map<String, Object> series(Set<String> sites, int minutes, List<String> outcomes) {
        sample();
        long current = clock.instant().getEpochSecond() / 60;
        List<Long> range = java.util.stream.LongStream.rangeClosed(current - minutes + 1, current)
                .boxed()
                .toList();
        Map<String, Object> series = new LinkedHashMap<>();
        series.put(
                "minutes",
                range.stream().map(m -> Instant.ofEpochSecond(m * 60)).toList());
        for (String outcome : outcomes) {
            series.put(
                    outcome,
                    range.stream()
                            .map(m -> perMinute.getOrDefault(m, Map.of()).entrySet().stream()
                                    .filter(e -> e.getKey().endsWith("|" + outcome)
                                            && sites.contains(e.getKey()
                                                    .substring(0, e.getKey().lastIndexOf('|'))))
                                    .mapToDouble(Map.Entry::getValue)
                                    .sum())
                            .map(Math::round)
                            .toList());
        }
        return series;
    }

    @Override
    public void destroy() {
        sampling.dispose();
    }
}
