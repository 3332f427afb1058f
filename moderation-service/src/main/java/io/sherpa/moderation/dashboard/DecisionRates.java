package io.sherpa.moderation.dashboard;

import io.sherpa.moderation.pipeline.DecisionCounts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The overview's decision numbers, read from the counts every replica keeps in MongoDB ({@link
 * DecisionCounts}): decisions per minute by outcome for the chart, and decisions and overrides of the last
 * day by site. Whichever replica serves the page, and after a restart, they are the same.
 */
@Component
class DecisionRates {

    static final Duration TOTALS_OVER = Duration.ofHours(24);

    private static final List<String> OUTCOMES = List.of("APPROVED", "HELD", "REJECTED");

    private final DecisionCounts counts;
    private final Clock clock = Clock.systemUTC();

    DecisionRates(DecisionCounts counts) {
        this.counts = counts;
    }

    /** {@code decisionsPerMinute} (the last {@code minutes}, oldest first), {@code decisions}, {@code overrides}. */
    Mono<Map<String, Object>> read(Set<String> sites, int minutes) {
        Instant now = clock.instant();
        long current = now.getEpochSecond() / 60;
        long first = current - minutes + 1;
        Instant since = DecisionCounts.minuteOf(now.minus(TOTALS_OVER)); // whole minutes: what the store keeps
        if (sites.isEmpty()) {
            return Mono.just(view(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), first, current, since));
        }
        Map<Long, Map<String, Long>> perMinute = new TreeMap<>();
        Map<List<String>, Long> decisions = new TreeMap<>(Comparator.comparing(Object::toString));
        Map<List<String>, Long> overrides = new TreeMap<>(Comparator.comparing(Object::toString));
        return counts.since(sites, since)
                .doOnNext(m -> {
                    long minute = m.minute().getEpochSecond() / 60;
                    for (DecisionCounts.DecisionCount c : m.decisions()) {
                        decisions.merge(List.of(m.site(), c.decision().name(), c.source()), c.count(), Long::sum);
                        if (minute >= first) {
                            perMinute
                                    .computeIfAbsent(minute, k -> new LinkedHashMap<>())
                                    .merge(c.decision().name(), c.count(), Long::sum);
                        }
                    }
                    for (DecisionCounts.OverrideCount o : m.overrides()) {
                        overrides.merge(List.of(m.site(), o.from().name(), o.to().name()), o.count(), Long::sum);
                    }
                })
                .then(Mono.fromSupplier(() -> view(perMinute, decisions, overrides, first, current, since)));
    }

    private static Map<String, Object> view(
            Map<Long, Map<String, Long>> perMinute,
            Map<List<String>, Long> decisions,
            Map<List<String>, Long> overrides,
            long first,
            long current,
            Instant since) {
        Map<String, Object> series = new LinkedHashMap<>();
        List<Instant> minutes = new ArrayList<>();
        for (long m = first; m <= current; m++) {
            minutes.add(Instant.ofEpochSecond(m * 60));
        }
        series.put("minutes", minutes);
        for (String outcome : OUTCOMES) {
            List<Long> values = new ArrayList<>();
            for (long m = first; m <= current; m++) {
                values.add(perMinute.getOrDefault(m, Map.of()).getOrDefault(outcome, 0L));
            }
            series.put(outcome, values);
        }
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("decisionsPerMinute", series);
        view.put("countedSince", since);
        view.put(
                "decisions",
                decisions.entrySet().stream()
                        .map(e -> Map.<String, Object>of(
                                "site", e.getKey().get(0),
                                "decision", e.getKey().get(1),
                                "source", e.getKey().get(2),
                                "count", e.getValue()))
                        .toList());
        view.put(
                "overrides",
                overrides.entrySet().stream()
                        .map(e -> Map.<String, Object>of(
                                "site", e.getKey().get(0),
                                "from", e.getKey().get(1),
                                "to", e.getKey().get(2),
                                "count", e.getValue()))
                        .toList());
        return view;
    }
}
