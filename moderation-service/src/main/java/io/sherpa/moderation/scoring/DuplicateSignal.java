package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.time.Duration;
import java.util.List;

/**
 * {@code DUPLICATE}: the same author posting the same text (ignoring case, accents, punctuation and
 * spacing) again within the policy's window — a double submit or a copy-paste. Rejects: the first copy
 * stands on its own.
 */
final class DuplicateSignal implements Signal {

    @Override
    public String name() {
        return "duplicate";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        String fingerprint = TextTokens.fingerprint(input.normalized());
        Duration window = input.policy().duplicateWindow();
        return input.history().recent().stream()
                .filter(prior -> prior.fingerprint().equals(fingerprint))
                .filter(prior -> !prior.at().isBefore(input.now().minus(window)))
                .findFirst()
                .map(prior -> List.of(Verdict.at(
                                ReasonCode.DUPLICATE,
                                Severity.REJECT,
                                "The same author posted the same text " + ago(prior.at(), input) + " (comment "
                                        + prior.commentId() + ")",
                                0,
                                input.comment().text().length())
                        .scoring("duplicate", 1.0)))
                .orElse(List.of());
    }

    private static String ago(java.time.Instant at, ScoringInput input) {
        long seconds = Math.max(0, Duration.between(at, input.now()).toSeconds());
        if (seconds < 120) {
            return seconds + " s ago";
        }
        return seconds < 7200 ? (seconds / 60) + " min ago" : (seconds / 3600) + " h ago";
    }
}
