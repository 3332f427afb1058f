package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code NEAR_DUPLICATE}: the same or nearly the same text already came from other authors or other sites
 * within the policy's duplicate window — a campaign or a copy-paste bot. Holds (a moderator confirms a
 * campaign; the first copies may be innocent). The lookalikes come from state shared by every replica.
 */
final class NearDuplicateSignal implements Signal {

    @Override
    public String name() {
        return "near-duplicate";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        String author = input.comment().siteId() + "/" + input.comment().authorId();
        var since = input.now().minus(input.policy().duplicateWindow());
        List<ScoringInput.Lookalike> others = input.lookalikes().stream()
                .filter(l -> !l.authorKey().equals(author))
                .filter(l -> !l.at().isBefore(since))
                .toList();
        if (others.isEmpty()) {
            return List.of();
        }
        Set<String> authors =
                others.stream().map(ScoringInput.Lookalike::authorKey).collect(Collectors.toSet());
        Set<String> sites = others.stream().map(ScoringInput.Lookalike::siteId).collect(Collectors.toSet());
        boolean exact = others.stream().anyMatch(l -> l.distance() == 0);
        String message = String.format(
                "%s text already came from %d other author%s on %d site%s in the last %s (first: comment %s)",
                exact ? "The same" : "Nearly the same",
                authors.size(),
                authors.size() == 1 ? "" : "s",
                sites.size(),
                sites.size() == 1 ? "" : "s",
                window(input.policy().duplicateWindow()),
                others.get(0).commentId());
        double score = authors.size() >= 3 ? 0.97 : 0.9;
        return List.of(Verdict.at(
                        ReasonCode.NEAR_DUPLICATE,
                        Severity.HOLD,
                        message,
                        0,
                        input.comment().text().length())
                .scoring("duplicate", score));
    }

    private static String window(Duration d) {
        return d.toHours() >= 1 ? d.toHours() + " h" : d.toMinutes() + " min";
    }
}
