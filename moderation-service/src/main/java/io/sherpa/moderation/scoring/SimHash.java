package io.sherpa.moderation.scoring;

import io.sherpa.moderation.scoring.text.NormalizedText;

/**
 * A 64-bit SimHash (Charikar, 2002) of a text's word 3-shingles after normalisation: texts that say nearly
 * the same thing have hashes a few bits apart, whatever their case, spacing, punctuation or obfuscation.
 * Short texts ("Great post!") are said by many people independently, so below {@link #MIN_WORDS} words
 * there is no hash (0).
 */
public final class SimHash {

    public static final int MIN_WORDS = 8;

    /** Hashes at most this many bits apart are near-duplicates. */
    public static final int MAX_DISTANCE = 3;

    /** Four 16-bit blocks: two hashes within {@link #MAX_DISTANCE} bits share at least one block exactly. */
    public static final int BANDS = 4;

    private SimHash() {}

    public static long of(NormalizedText normalized) {
        String s = normalized.text();
        long[] words = new long[Math.max(16, s.length() / 3)];
        int count = 0;
        int i = 0;
        while (i < s.length()) {
            if (!Character.isLetterOrDigit(s.charAt(i))) {
                i++;
                continue;
            }
            long h = 0xcbf29ce484222325L;
            while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
                h = (h ^ s.charAt(i)) * 0x100000001b3L;
                i++;
            }
            if (count == words.length) {
                words = java.util.Arrays.copyOf(words, count * 2);
            }
            words[count++] = h;
        }
        if (count < MIN_WORDS) {
            return 0;
        }
        int[] votes = new int[64];
        for (int k = 0; k + 2 < count; k++) {
            long shingle = mix(words[k] * 31 * 31 + words[k + 1] * 31 + words[k + 2]);
            for (int bit = 0; bit < 64; bit++) {
                votes[bit] += ((shingle >>> bit) & 1) == 1 ? 1 : -1;
            }
        }
        long hash = 0;
        for (int bit = 0; bit < 64; bit++) {
            if (votes[bit] > 0) {
                hash |= 1L << bit;
            }
        }
        return hash == 0 ? 1 : hash;
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** The value of band {@code band} (0..3) of a hash. */
    public static int band(long hash, int band) {
        return (int) ((hash >>> (16 * band)) & 0xffff);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
