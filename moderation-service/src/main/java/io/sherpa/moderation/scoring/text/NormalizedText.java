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
    private final boolean shouting;
    private volatile java.util.List<Word> words;

    NormalizedText(String original, String text, int[] from, int[] to, boolean shouting) {
        this.shouting = shouting;
        this.original = original;
        this.text = text;
        this.from = from;
        this.to = to;
    }

    public String original() {
        return original;
    }

    /** Whether the original is written mostly in capitals (at least 12 letters, 70 % of them upper case). */
    public boolean shouting() {
        return shouting;
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

    /**
     * Whether the normalised span {@code [start, end)} was written in capitals in the original: two capital
     * letters or more and no small one ("FREE", "TXT", "O2").
     */
    public boolean writtenInCapitals(int start, int end) {
        int upper = 0;
        for (int k = originalStart(start), until = originalEnd(end); k < until && k < original.length(); k++) {
            char c = original.charAt(k);
            if (Character.isLowerCase(c)) {
                return false;
            }
            upper += Character.isUpperCase(c) ? 1 : 0;
        }
        return upper >= 2;
    }

    /** A word of the normalised text: letters and digits (inner apostrophes kept), where it is. */
    public record Word(int start, int end, String text) {}

    /** The words of the normalised text, in order (computed once, on first use). */
    public java.util.List<Word> words() {
        java.util.List<Word> found = words;
        if (found == null) {
            found = new java.util.ArrayList<>();
            int n = text.length();
            int i = 0;
            while (i < n) {
                if (!Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || innerApostrophe(i))) {
                    i++;
                }
                found.add(new Word(start, i, text.substring(start, i)));
            }
            words = java.util.List.copyOf(found);
            found = words;
        }
        return found;
    }

    private boolean innerApostrophe(int i) {
        return text.charAt(i) == '\''
                && i > 0
                && i + 1 < text.length()
                && Character.isLetter(text.charAt(i - 1))
                && Character.isLetter(text.charAt(i + 1));
    }

    @Override
    public String toString() {
        return text;
    }
}
