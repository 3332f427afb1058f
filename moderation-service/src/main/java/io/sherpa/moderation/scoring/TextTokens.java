package io.sherpa.moderation.scoring;

import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Splits text into word tokens with their offsets in the original text, each folded for matching: lower
 * case ({@link Locale#ROOT}) and without accents. Linear in the length of the text.
 */
public final class TextTokens {

    private TextTokens() {}

    /** A word: where it is in the original text and its folded form. */
    public record Token(int start, int end, String folded) {}

    public static List<Token> words(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp)) {
                int start = i;
                while (i < n && (isWordChar(text.codePointAt(i)) || isInnerApostrophe(text, i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
                tokens.add(new Token(start, i, fold(text.substring(start, i))));
            } else {
                i += Character.charCount(cp);
            }
        }
        return tokens;
    }

    /** Lower case without accents: "Café" and "CAFE" fold alike. */
    public static String fold(String word) {
        boolean ascii = true;
        for (int i = 0; i < word.length() && ascii; i++) {
            ascii = word.charAt(i) < 0x80;
        }
        if (ascii) {
            return word.toLowerCase(Locale.ROOT);
        }
        String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).replace('’', '\'');
    }

    /**
     * A fingerprint of a text's words after normalisation (case, accents, obfuscation, punctuation and
     * spacing ignored): two texts with the same fingerprint say the same thing.
     */
    public static String fingerprint(NormalizedText text) {
        StringBuilder joined = new StringBuilder(text.text().length());
        for (NormalizedText.Word word : text.words()) {
            joined.append(word.text()).append(' ');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(joined.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    public static String fingerprint(String text) {
        return fingerprint(TextNormalizer.normalize(text));
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    private static boolean isInnerApostrophe(String text, int i) {
        char c = text.charAt(i);
        return (c == '\'' || c == '’')
                && i + 1 < text.length()
                && Character.isLetter(text.charAt(i + 1))
                && i > 0
                && Character.isLetter(text.charAt(i - 1));
    }
}
