package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.util.Objects;

/**
 * One finding of a signal: a reason with its severity, a message a moderator can read, the span of text it
 * points at ({@code start} inclusive, {@code end} exclusive; null for the whole comment), and how much it
 * adds to one score category (0 when it adds nothing).
 */
public record Verdict(
        ReasonCode code, Severity severity, String message, Integer start, Integer end, String category, double score) {

    public Verdict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Verdict of(ReasonCode code, Severity severity, String message) {
        return new Verdict(code, severity, message, null, null, null, 0);
    }

    public static Verdict at(ReasonCode code, Severity severity, String message, int start, int end) {
        return new Verdict(code, severity, message, start, end, null, 0);
    }

    /** A score with nothing worth telling a moderator: it counts in the scores, it is not a reason. */
    public static Verdict scoreOnly(ReasonCode code, String category, double value) {
        return new Verdict(code, Severity.INFO, "", null, null, category, value);
    }

    /** Whether this verdict is a learned model's, not a rule's. */
    public boolean isLearned() {
        return (code == ReasonCode.SPAM_MODEL || code == ReasonCode.TOXICITY) && severity == Severity.INFO;
    }

    /** Whether this verdict is shown as a reason (score-only verdicts are not). */
    public boolean isReason() {
        return !message.isEmpty();
    }

    public Verdict scoring(String scoreCategory, double value) {
        return new Verdict(code, severity, message, start, end, scoreCategory, value);
    }
}
