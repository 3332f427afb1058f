package io.sherpa.moderation.scoring;

import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Words with their offsets in the original text, and fingerprints of texts: the normalised words hashed,
 * so two texts that say the same thing (case, accents, obfuscation, punctuation and spacing aside) have
 * the same fingerprint.
 */
public final class TextTokens {

    private TextTokens() {}

    /** A word: where it is in the original text and its normalised form. */
    public record Token(int start, int end, String folded) {}

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
}
