package io.sherpa.moderation.scoring;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.policy.Policy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs every signal and aggregates once. The decision is the strongest of (a) the verdicts' severities and
 * (b) the policy thresholds applied to the score categories. Then the policy's mode: {@code pre-all}
 * holds everything, {@code pre-newcomers} holds a newcomer's comment. A trusted author is approved unless
 * a banned word rejects. A signal that throws adds a {@code SIGNAL_ERROR} hold.
 *
 * <p>A learned model alone holds but never rejects: a category's reject threshold applies only when a rule
 * (a link, a pitch, a word list, …) adds to the score too. Models learn from a handful of moderator
 * decisions; one mistaken lesson must not make Sherpa silently reject people.
 */
public final class Scorer {

    private static final List<String> CATEGORIES =
            List.of("spam", "selfPromotion", "duplicate", "toxicity", "contactInfo");

    private final List<Signal> signals;

    public Scorer(List<Signal> signals) {
        this.signals = List.copyOf(signals);
    }

    public Assessment assess(ScoringInput input) {
        List<Verdict> verdicts = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Signal signal : signals) {
            try {
                verdicts.addAll(signal.evaluate(input));
            } catch (RuntimeException | StackOverflowError e) {
                failed.add(signal.name());
                verdicts.add(Verdict.of(
                        ReasonCode.SIGNAL_ERROR,
                        Severity.HOLD,
                        "Check '" + signal.name() + "' failed, so a moderator should look: "
                                + e.getClass().getSimpleName()));
            }
        }
        Policy policy = input.policy();
        Map<String, Double> scores = new LinkedHashMap<>();
        CATEGORIES.forEach(c -> scores.put(c, 0.0));
        for (Verdict v : verdicts) {
            if (v.category() != null && v.score() > 0) {
                scores.merge(v.category(), v.score(), (a, b) -> Math.min(1.0, 1 - (1 - a) * (1 - b)));
            }
        }
        Severity strongest = verdicts.stream()
                .map(Verdict::severity)
                .max(Comparator.naturalOrder())
                .orElse(Severity.INFO);
        List<Verdict> thresholdVerdicts = new ArrayList<>();
        for (Map.Entry<String, Double> score : scores.entrySet()) {
            Policy.Thresholds t = policy.thresholds().get(score.getKey());
            if (t == null || score.getValue() <= 0) {
                continue;
            }
            Severity byScore = score.getValue() >= t.reject()
                    ? Severity.REJECT
                    : score.getValue() >= t.hold() ? Severity.HOLD : Severity.INFO;
            boolean learnedOnly = true;
            for (Verdict v : verdicts) {
                if (score.getKey().equals(v.category()) && v.score() > 0 && !v.isLearned()) {
                    learnedOnly = false;
                    break;
                }
            }
            Severity over = byScore == Severity.REJECT && learnedOnly ? Severity.HOLD : byScore;
            if (over.compareTo(strongest) > 0) {
                strongest = over;
            }
            if (over != Severity.INFO
                    && verdicts.stream()
                            .noneMatch(v -> score.getKey().equals(v.category())
                                    && v.severity().compareTo(over) >= 0)) {
                thresholdVerdicts.add(Verdict.of(
                        reasonFor(score.getKey()),
                        over,
                        String.format(
                                java.util.Locale.ROOT,
                                "%s score %.2f is at or above the site's %s threshold",
                                score.getKey(),
                                score.getValue(),
                                over == Severity.REJECT ? "reject" : "hold")));
            }
        }
        verdicts.addAll(thresholdVerdicts);

        boolean newcomer = input.history().isNewcomer();
        boolean trusted = policy.trustedAuthors().contains(input.comment().authorId());
        boolean banned = verdicts.stream().anyMatch(v -> v.code() == ReasonCode.BANNED_WORD);
        Decision decision;
        if (trusted) {
            decision = banned ? Decision.REJECTED : Decision.APPROVED;
        } else {
            decision = switch (strongest) {
                case REJECT -> Decision.REJECTED;
                case HOLD -> Decision.HELD;
                case INFO -> Decision.APPROVED;
            };
            boolean premoderated =
                    policy.mode() == Policy.Mode.PRE_ALL || (policy.mode() == Policy.Mode.PRE_NEWCOMERS && newcomer);
            if (premoderated && decision == Decision.APPROVED) {
                decision = Decision.HELD;
                verdicts.add(Verdict.of(
                        ReasonCode.PREMODERATION,
                        Severity.HOLD,
                        policy.mode() == Policy.Mode.PRE_ALL
                                ? "This site reviews every comment before it is published"
                                : "This site reviews a newcomer's first comment before it is published"));
            }
        }
        List<Reason> reasons = verdicts.stream()
                .filter(Verdict::isReason)
                .sorted(Comparator.comparing(Verdict::severity).reversed())
                .map(v -> new Reason(v.code(), v.severity(), v.message(), v.start(), v.end()))
                .toList();
        Map<String, Double> rounded = new LinkedHashMap<>();
        scores.forEach((k, v) -> rounded.put(k, Math.round(v * 1000) / 1000.0));
        return new Assessment(decision, reasons, rounded, newcomer, failed);
    }

    private static ReasonCode reasonFor(String category) {
        return switch (category) {
            case "toxicity" -> ReasonCode.TOXICITY;
            case "selfPromotion" -> ReasonCode.SELF_PROMOTION;
            case "duplicate" -> ReasonCode.DUPLICATE;
            case "contactInfo" -> ReasonCode.CONTACT_INFO;
            default -> ReasonCode.SPAM_MODEL;
        };
    }
}
