package io.sherpa.moderation.scoring.text;

/**
 * A comment's text as every signal matches it, with the way back to the original: {@link #originalStart}
 * and {@link #originalEnd} turn a span of the normalised text into the span of the original text it came
 * from, so reasons always point at what the author wrote.
 */
public final class NormalizedText {

    private final String original;
    private final String text;
    private final int[] from;
    private final int[] to;

    NormalizedText(String original, String text, int[] from, int[] to) {
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    public String original() {
        return original;
    }

    /** The normalised text: folded, de-obfuscated, tags and entities decoded. */
    public String text() {
        return text;
    }

    /** Where the normalised character at {@code index} starts in the original text. */
    public int originalStart(int index) {
        if (text.isEmpty()) {
            return 0;
        }
        return from[Math.max(0, Math.min(index, text.length() - 1))];
    }

    /** Where the normalised span ending (exclusively) at {@code end} ends in the original text. */
    public int originalEnd(int end) {
        if (end <= 0 || text.isEmpty()) {
            return 0;
        }
        return to[Math.min(end, text.length()) - 1];
    }

    @Override
    public String toString() {
        return text;
    }
}
