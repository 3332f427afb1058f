package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.policy.Policy;
import java.util.List;

/** {@code FLOOD}: more comments from one author within the policy's window than it allows. Holds. */
final class FloodSignal implements Signal {

    @Override
    public String name() {
        return "flood";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        Policy.Flood flood = input.policy().flood();
        java.time.Instant since = input.now().minus(flood.window());
        long recent = input.history().recent().stream()
                .filter(p -> p.at().isAfter(since))
                .count();
        if (recent < flood.maxComments()) {
            return List.of();
        }
        return List.of(Verdict.of(
                        ReasonCode.FLOOD,
                        Severity.HOLD,
                        (recent + 1) + " comments from this author within "
                                + flood.window().toSeconds() + " s; the site allows " + flood.maxComments())
                .scoring("spam", 0.5));
    }
}
