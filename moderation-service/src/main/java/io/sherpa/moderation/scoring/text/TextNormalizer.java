package io.sherpa.moderation.scoring.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The one normalisation every signal and model matches on, so an obfuscation defeats none of them:
 *
 * <ol>
 *   <li>HTML tags removed ({@code <br />} and block tags become a space) and entities decoded
 *       ({@code &amp;}, {@code &#39;}, {@code &#x27;}, …); runs of spaces read as one (line breaks kept);
 *   <li>zero-width, soft-hyphen and bidi-control characters removed;
 *   <li>Unicode NFKC (full-width and styled letters, ligatures), case folded with {@link Locale#ROOT},
 *       accents removed;
 *   <li>in a word that mixes Latin with look-alike Cyrillic or Greek letters, those letters mapped to
 *       their Latin skeleton ({@code pаypal} with a Cyrillic {@code а} reads {@code paypal}); words wholly
 *       in another script are left alone;
 *   <li>leetspeak inside words that have letters ({@code fr33} → {@code free}, {@code v1agra},
 *       {@code ca$h});
 *   <li>letters stretched three times or more cut to two ({@code freeeee} → {@code free});
 *   <li>single letters spelled out with dots, dashes, underscores, asterisks or spaces joined
 *       ({@code f.r.e.e}, {@code F R E E} → {@code free}).
 * </ol>
 *
 * Every output character remembers the span of the original it came from ({@link NormalizedText}).
 * Linear in the length of the text; no regular expressions.
 */
public final class TextNormalizer {

    private static final Map<String, String> ENTITIES = Map.ofEntries(
            Map.entry("amp", "&"),
            Map.entry("lt", "<"),
            Map.entry("gt", ">"),
            Map.entry("quot", "\""),
            Map.entry("apos", "'"),
            Map.entry("nbsp", " "),
            Map.entry("hellip", "…"),
            Map.entry("mdash", "—"),
            Map.entry("ndash", "–"),
            Map.entry("rsquo", "'"),
            Map.entry("lsquo", "'"),
            Map.entry("rdquo", "\""),
            Map.entry("ldquo", "\""),
            Map.entry("euro", "€"),
            Map.entry("pound", "£"),
            Map.entry("copy", "©"),
            Map.entry("reg", "®"),
            Map.entry("trade", "™"));

    private static final java.util.Set<String> BLOCK_TAGS = java.util.Set.of(
            "br",
            "p",
            "div",
            "li",
            "ul",
            "ol",
            "tr",
            "td",
            "th",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "blockquote",
            "hr",
            "pre",
            "table");

    /** Cyrillic and Greek letters (after case folding) that look like a Latin letter. */
    private static final char[] CONFUSABLE = new char[0x500];

    static {
        String pairs =
                "аaбbвbгrеeѐeёeһhіiїiјjкkмmнhоoпnрpсcтtуyхxѕsԁdԛqԝwӏlɑaɡgɩiɪiʏy" + "αaβbγyεeζzηnιiκkνvοoρpτtυuχxωwϲcϳj";
        for (int i = 0; i + 1 < pairs.length(); i += 2) {
            char from = pairs.charAt(i);
            if (from < CONFUSABLE.length) {
                CONFUSABLE[from] = pairs.charAt(i + 1);
            }
        }
    }

    private TextNormalizer() {}

    public static NormalizedText normalize(String raw) {
        Buffer decoded = decode(raw);
        Buffer words = deobfuscate(decoded);
        Buffer joined = joinSpelledOut(words);
        int n = joined.length;
        int[] from = new int[n];
        int[] to = new int[n];
        for (int i = 0; i < n; i++) {
            int a = joined.from[i];
            int b = joined.to[i] - 1;
            int aa = words.from[a];
            int bb = words.to[b] - 1;
            from[i] = decoded.from[aa];
            to[i] = decoded.to[bb];
        }
        return new NormalizedText(
                raw,
                new String(joined.chars, 0, n),
                from,
                to,
                decoded.letters >= 12 && decoded.upper * 10 >= decoded.letters * 7);
    }

    /** Steps 1–3: markup, invisible characters, NFKC, case and accents. Spans point into {@code raw}. */
    private static Buffer decode(String raw) {
        Buffer out = new Buffer(raw.length());
        int n = raw.length();
        int i = 0;
        while (i < n) {
            char c = raw.charAt(i);
            if (c == '<') {
                int close = tagEnd(raw, i);
                if (close > 0) {
                    if (isBlockTag(raw, i) && out.length > 0 && out.chars[out.length - 1] != ' ') {
                        out.add(' ', i, close);
                    }
                    i = close;
                    continue;
                }
            }
            if (c == '&') {
                int semi = raw.indexOf(';', i + 1);
                if (semi > i + 1 && semi - i <= 10) {
                    String decoded = entity(raw.substring(i + 1, semi));
                    if (decoded != null) {
                        appendFolded(out, decoded, i, semi + 1);
                        i = semi + 1;
                        continue;
                    }
                }
            }
            int cp = raw.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '\n') {
                out.add('\n', i, next);
            } else if (Character.isWhitespace(cp) || cp == 0xa0) {
                if (out.length > 0 && (out.chars[out.length - 1] == ' ' || out.chars[out.length - 1] == '\n')) {
                    out.to[out.length - 1] = next; // one space stands for a run of them
                } else {
                    out.add(' ', i, next);
                }
            } else if (!isInvisible(cp)) {
                if (cp < 0x80) {
                    boolean upper = c >= 'A' && c <= 'Z';
                    out.letters += upper || (c >= 'a' && c <= 'z') ? 1 : 0;
                    out.upper += upper ? 1 : 0;
                    out.add(upper ? (char) (c + 32) : c, i, next);
                } else {
                    if (Character.isLetter(cp)) {
                        out.letters++;
                        out.upper += Character.isUpperCase(cp) ? 1 : 0;
                    }
                    appendFolded(out, raw.substring(i, next), i, next);
                }
            }
            i = next;
        }
        return out;
    }

    private static void appendFolded(Buffer out, String piece, int from, int to) {
        String folded = Normalizer.normalize(piece, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        String bare = Normalizer.normalize(folded, Normalizer.Form.NFD);
        for (int k = 0; k < bare.length(); k++) {
            char ch = bare.charAt(k);
            int type = Character.getType(ch);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || isInvisible(ch)) {
                continue;
            }
            if (ch == '’' || ch == '‘' || ch == 'ʼ') {
                ch = '\'';
            } else if (Character.isWhitespace(ch) || ch == '\u00a0') {
                ch = ' ';
            }
            out.add(ch, from, to);
        }
    }

    private static boolean isInvisible(int cp) {
        return (cp >= 0x200b && cp <= 0x200f)
                || (cp >= 0x202a && cp <= 0x202e)
                || (cp >= 0x2060 && cp <= 0x2069)
                || cp == 0xfeff
                || cp == 0x00ad
                || cp == 0x061c
                || cp == 0x180e
                || cp == 0x034f;
    }

    /** The index after a tag starting at {@code i} ({@code <b>}, {@code </p>}, {@code <br />}), or -1. */
    private static int tagEnd(String raw, int i) {
        if (i + 1 >= raw.length()) {
            return -1;
        }
        char first = raw.charAt(i + 1);
        if (!(Character.isLetter(first) || first == '/' || first == '!')) {
            return -1;
        }
        int close = raw.indexOf('>', i + 1);
        if (close < 0 || close - i > 512) {
            return -1;
        }
        int lt = raw.indexOf('<', i + 1);
        return lt >= 0 && lt < close ? -1 : close + 1;
    }

    /** Tags that separate words ({@code <br>}, {@code <p>}, …); inline ones ({@code <b>}) do not. */
    private static boolean isBlockTag(String raw, int i) {
        int k = i + 1;
        if (k < raw.length() && raw.charAt(k) == '/') {
            k++;
        }
        int end = k;
        while (end < raw.length() && Character.isLetterOrDigit(raw.charAt(end))) {
            end++;
        }
        String name = raw.substring(k, end).toLowerCase(Locale.ROOT);
        return BLOCK_TAGS.contains(name);
    }

    private static String entity(String name) {
        if (name.startsWith("#")) {
            try {
                int cp = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                        ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1));
                return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return ENTITIES.get(name.toLowerCase(Locale.ROOT));
    }

    /** Steps 4–6, word by word. Spans point into the decoded buffer. */
    private static Buffer deobfuscate(Buffer in) {
        Buffer out = new Buffer(in.length);
        int i = 0;
        while (i < in.length) {
            if (!isWordish(in.chars[i])) {
                out.add(in.chars[i], i, i + 1);
                i++;
                continue;
            }
            int start = i;
            while (i < in.length && isWordish(in.chars[i])) {
                i++;
            }
            int end = i;
            // '$' and '@' only count inside a word; trailing ones are punctuation again.
            while (end > start && !Character.isLetterOrDigit(in.chars[end - 1])) {
                end--;
            }
            word(in, start, end, out);
            for (int k = end; k < i; k++) {
                out.add(in.chars[k], k, k + 1);
            }
        }
        return out;
    }

    private static boolean isWordish(char c) {
        return Character.isLetterOrDigit(c) || c == '$' || c == '@';
    }

    private static void word(Buffer in, int start, int end, Buffer out) {
        boolean latin = false;
        boolean letters = false;
        boolean email = false;
        for (int k = start; k < end; k++) {
            char c = in.chars[k];
            latin |= c >= 'a' && c <= 'z';
            letters |= Character.isLetter(c);
            email |= c == '@';
        }
        int letterCount = 0;
        int digitCount = 0;
        for (int k = start; k < end; k++) {
            letterCount += Character.isLetter(in.chars[k]) ? 1 : 0;
            digitCount += Character.isDigit(in.chars[k]) ? 1 : 0;
        }
        // "fr33", "v1agra": digits standing in for letters; "0800", "mp3s" with more digits stay numbers
        boolean leet = letters && !email && digitCount <= letterCount;
        int written = out.length;
        for (int k = start; k < end; k++) {
            char c = in.chars[k];
            if (latin && c < CONFUSABLE.length && CONFUSABLE[c] != 0) {
                c = CONFUSABLE[c];
            } else if (leet) {
                c = unleet(c);
            }
            int len = out.length - written;
            if (len >= 2 && Character.isLetter(c) && out.chars[out.length - 1] == c && out.chars[out.length - 2] == c) {
                out.to[out.length - 1] = k + 1; // stretched: the last kept letter covers the run
                continue;
            }
            out.add(c, k, k + 1);
        }
    }

    private static char unleet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1' -> 'i';
            case '3' -> 'e';
            case '4' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '@' -> 'a';
            default -> c;
        };
    }

    /** Step 7: "f.r.e.e", "f-r-e-e", "F R E E" → "free" (at least three letters, one separator kind). */
    private static Buffer joinSpelledOut(Buffer in) {
        Buffer out = new Buffer(in.length);
        int i = 0;
        while (i < in.length) {
            int run = spelledOutRun(in, i);
            if (run > 0) {
                for (int k = i; k < run; k += 2) {
                    out.add(in.chars[k], k, k + 1);
                }
                i = run;
                continue;
            }
            out.add(in.chars[i], i, i + 1);
            i++;
        }
        return out;
    }

    /** The end of a spelled-out run starting at {@code i}, or -1. */
    private static int spelledOutRun(Buffer in, int i) {
        if (!isSingleLetter(in, i)) {
            return -1;
        }
        if (i + 1 >= in.length) {
            return -1;
        }
        char sep = in.chars[i + 1];
        if (sep != '.' && sep != '-' && sep != '_' && sep != '*' && sep != ' ') {
            return -1;
        }
        int letters = 1;
        int k = i;
        while (k + 2 < in.length && in.chars[k + 1] == sep && isSingleLetter(in, k + 2)) {
            k += 2;
            letters++;
        }
        int minimum = sep == ' ' ? 4 : 3;
        return letters >= minimum ? k + 1 : -1;
    }

    private static boolean isSingleLetter(Buffer in, int i) {
        return Character.isLetter(in.chars[i])
                && (i == 0 || !Character.isLetterOrDigit(in.chars[i - 1]))
                && (i + 1 >= in.length || !Character.isLetterOrDigit(in.chars[i + 1]));
    }

    /** Characters with, for each, the span {@code [from, to)} of the previous stage it came from. */
    private static final class Buffer {
        char[] chars;
        int[] from;
        int[] to;
        int length;
        int letters;
        int upper;

        Buffer(int capacity) {
            int c = Math.max(16, capacity);
            chars = new char[c];
            from = new int[c];
            to = new int[c];
        }

        void add(char c, int start, int end) {
            if (length == chars.length) {
                int grown = length * 2;
                chars = Arrays.copyOf(chars, grown);
                from = Arrays.copyOf(from, grown);
                to = Arrays.copyOf(to, grown);
            }
            chars[length] = c;
            from[length] = start;
            to[length] = end;
            length++;
        }
    }
}
