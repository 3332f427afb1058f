package io.sherpa.common.events;

import java.util.Objects;

/**
 * One reason behind a decision, with the span of text it points at: {@code start} inclusive,
 * {@code end} exclusive, as UTF-16 indexes into the submitted text (both null when the reason is about
 * the whole comment or its author).
 */
public record Reason(ReasonCode code, Severity severity, String message, Integer start, Integer end) {

    public Reason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if ((start == null) != (end == null)) {
            throw new IllegalArgumentException("a span needs both start and end");
        }
        if (start != null && (start < 0 || end < start)) {
            throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
        }
    }

    public static Reason about(ReasonCode code, Severity severity, String message) {
        return new Reason(code, severity, message, null, null);
    }
}
