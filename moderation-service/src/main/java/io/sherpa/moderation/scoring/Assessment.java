package io.sherpa.moderation.scoring;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import java.util.List;
import java.util.Map;

/** The outcome of scoring one comment: the decision, every reason behind it, the scores, whether the author is new. */
public record Assessment(
        Decision decision,
        List<Reason> reasons,
        Map<String, Double> scores,
        boolean firstTimeAuthor,
        List<String> failedSignals) {

    public Assessment {
        reasons = List.copyOf(reasons);
        scores = Map.copyOf(scores);
        failedSignals = List.copyOf(failedSignals);
    }
}
