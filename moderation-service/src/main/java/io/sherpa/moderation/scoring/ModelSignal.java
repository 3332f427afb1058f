package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.scoring.model.Features;
import io.sherpa.moderation.scoring.model.LinearModel;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SPAM_MODEL} and {@code TOXICITY} from the site's learned models: each gives its category's score,
 * and when the score is worth a look, the words that weighed most as evidence, each pointing at where it
 * is in the comment. The decision itself is the policy's (thresholds), not this signal's.
 */
final class ModelSignal implements Signal {

    /** Below this a score is recorded but not explained (it would only clutter the reasons). */
    static final double EXPLAIN_FROM = 0.3;

    private static final ThreadLocal<Features> FEATURES = new ThreadLocal<>();

    @Override
    public String name() {
        return "model";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        LinearModel spam = input.models().spam();
        Features features = FEATURES.get();
        if (features == null || features.bits() != spam.bits()) {
            features = new Features(spam.bits());
            FEATURES.set(features);
        }
        features.extract(input.normalized());
        List<Verdict> verdicts = new ArrayList<>();
        explain(spam, features, ReasonCode.SPAM_MODEL, "spam", "Reads like spam", verdicts);
        explain(input.models().toxicity(), features, ReasonCode.TOXICITY, "toxicity", "Reads as abusive", verdicts);
        return verdicts;
    }

    /** {@code 0.87} for 0.8712 (scores and weights are positive here); cheaper than a formatter. */
    static String twoDecimals(double value) {
        long hundredths = Math.round(value * 100);
        long units = hundredths / 100;
        long rest = hundredths % 100;
        return units + "." + (rest < 10 ? "0" : "") + rest;
    }

    private static void explain(
            LinearModel model, Features features, ReasonCode code, String category, String why, List<Verdict> out) {
        double score = model.score(features);
        if (score < EXPLAIN_FROM) {
            out.add(Verdict.scoreOnly(code, category, score));
            return;
        }
        List<Features.Evidence> evidence = model.evidence(features, 3);
        if (evidence.isEmpty()) {
            out.add(Verdict.of(code, Severity.INFO, why + " (" + twoDecimals(score) + ")")
                    .scoring(category, score));
            return;
        }
        for (int i = 0; i < evidence.size(); i++) {
            Features.Evidence e = evidence.get(i);
            String message =
                    why + " (" + twoDecimals(score) + "): \"" + e.text() + "\" weighed +" + twoDecimals(e.weight());
            Verdict v = e.start() == null
                    ? Verdict.of(code, Severity.INFO, message)
                    : Verdict.at(code, Severity.INFO, message, e.start(), e.end());
            out.add(i == 0 ? v.scoring(category, score) : v);
        }
    }
}
