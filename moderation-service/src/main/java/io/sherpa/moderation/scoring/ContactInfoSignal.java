package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code CONTACT_INFO}: e-mail addresses ({@code a@b.org}, {@code a at b dot org}, {@code a [at] b [dot]
 * org}) and phone numbers (digits with spaces, dots, dashes or brackets; spelled-out digits), which
 * harvest contacts or take the conversation off the site. Holds. Hand-written scanners, linear time.
 */
final class ContactInfoSignal implements Signal {

    private static final Set<String> AT_WORDS = Set.of("at");
    private static final Set<String> DOT_WORDS = Set.of("dot");
    private static final Map<String, Integer> DIGIT_WORDS = Map.ofEntries(
            Map.entry("zero", 0),
            Map.entry("oh", 0),
            Map.entry("one", 1),
            Map.entry("two", 2),
            Map.entry("three", 3),
            Map.entry("four", 4),
            Map.entry("five", 5),
            Map.entry("six", 6),
            Map.entry("seven", 7),
            Map.entry("eight", 8),
            Map.entry("nine", 9));
    private static final List<String> PHONE_CUES =
            List.of("call", "phone", "tel", "whatsapp", "text me", "ring", "mobile", "cell", "my number", "number is");

    @Override
    public String name() {
        return "contact-info";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        String text = input.comment().text();
        List<Verdict> verdicts = new ArrayList<>();
        for (int[] span : emails(text)) {
            verdicts.add(found("E-mail address", span));
        }
        var normalized = input.normalized();
        List<TextTokens.Token> tokens = new ArrayList<>();
        if (normalized.words().stream()
                .anyMatch(w -> AT_WORDS.contains(w.text()) || DIGIT_WORDS.containsKey(w.text()))) {
            for (var w : normalized.words()) { // spelled-out forms are read in the normalised text
                tokens.add(new TextTokens.Token(
                        normalized.originalStart(w.start()), normalized.originalEnd(w.end()), w.text()));
            }
        }
        for (int[] span : spelledOutEmails(tokens)) {
            verdicts.add(found("E-mail address written out", span));
        }
        for (int[] span : phones(text)) {
            verdicts.add(found("Phone number", span));
        }
        for (int[] span : spelledOutPhones(tokens)) {
            verdicts.add(found("Phone number written out in words", span));
        }
        return verdicts;
    }

    private static Verdict found(String what, int[] span) {
        return Verdict.at(ReasonCode.CONTACT_INFO, Severity.HOLD, what + " in the comment", span[0], span[1])
                .scoring("contactInfo", 0.9);
    }

    static List<int[]> emails(String text) {
        List<int[]> spans = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = text.indexOf('@', from);
            if (at < 0) {
                return spans;
            }
            int start = at;
            while (start > 0 && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            int lastDot = -1;
            while (end < text.length() && isDomainChar(text.charAt(end))) {
                if (text.charAt(end) == '.') {
                    lastDot = end;
                }
                end++;
            }
            while (end > at + 1 && text.charAt(end - 1) == '.') {
                end--;
            }
            if (lastDot >= end - 1) {
                lastDot = text.lastIndexOf('.', end - 1);
            }
            boolean valid =
                    start < at && lastDot > at + 1 && end - lastDot - 1 >= 2 && allLetters(text, lastDot + 1, end);
            if (valid) {
                spans.add(new int[] {start, end});
            }
            from = Math.max(end, at + 1);
        }
    }

    /** {@code name at domain dot tld}, {@code name [at] domain [dot] tld}, with at least one "dot". */
    static List<int[]> spelledOutEmails(List<TextTokens.Token> tokens) {
        List<int[]> spans = new ArrayList<>();
        for (int i = 1; i + 3 < tokens.size(); i++) {
            if (!AT_WORDS.contains(tokens.get(i).folded())) {
                continue;
            }
            int j = i + 2;
            int dots = 0;
            while (j + 1 < tokens.size() && DOT_WORDS.contains(tokens.get(j).folded())) {
                dots++;
                j += 2;
            }
            String tld = tokens.get(j - 1).folded();
            if (dots > 0
                    && tld.length() >= 2
                    && tld.length() <= 6
                    && tld.chars().allMatch(Character::isLetter)) {
                spans.add(
                        new int[] {tokens.get(i - 1).start(), tokens.get(j - 1).end()});
                i = j - 1;
            }
        }
        return spans;
    }

    /** Runs of 9–15 digits joined only by spaces, dots, dashes, slashes or brackets (7–8 after a cue like "call"). */
    static List<int[]> phones(String text) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (!(Character.isDigit(c)
                    || (c == '+' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))))) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            int lastDigit = i;
            int j = i;
            while (j < text.length()) {
                char d = text.charAt(j);
                if (Character.isDigit(d)) {
                    digits++;
                    lastDigit = j;
                } else if (!(d == ' ' || d == '.' || d == '-' || d == '(' || d == ')' || d == '/' || d == '+')) {
                    break;
                } else if (j > lastDigit + 2) {
                    break;
                }
                j++;
            }
            boolean letterBefore = start > 0 && Character.isLetter(text.charAt(start - 1));
            boolean letterAfter = lastDigit + 1 < text.length() && Character.isLetter(text.charAt(lastDigit + 1));
            if (!letterBefore
                    && !letterAfter
                    && digits <= 15
                    && (digits >= 9 || (digits >= 7 && cueBefore(text, start)))
                    && (cueBefore(text, start) || !isQuantity(text, start, lastDigit + 1))) {
                spans.add(new int[] {start, lastDigit + 1});
            }
            i = Math.max(j, i + 1);
        }
        return spans;
    }

    /** Seven or more digits in a row written as words ("five five five one two…"), digits allowed among them. */
    static List<int[]> spelledOutPhones(List<TextTokens.Token> tokens) {
        List<int[]> spans = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int j = i;
            int digits = 0;
            int words = 0;
            while (j < tokens.size()) {
                String t = tokens.get(j).folded();
                if (DIGIT_WORDS.containsKey(t)) {
                    digits++;
                    words++;
                } else if (t.chars().allMatch(Character::isDigit) && t.length() <= 4) {
                    digits += t.length();
                } else {
                    break;
                }
                j++;
            }
            if (digits >= 7 && words >= 3) {
                spans.add(new int[] {tokens.get(i).start(), tokens.get(j - 1).end()});
            }
            i = Math.max(j, i + 1);
        }
        return spans;
    }

    /**
     * Whether the digits {@code [start, end)} read as a number of things rather than a phone number: written
     * with thousands separators ("857.482.940", "1,000,000,000": a first group of one to three digits, then
     * groups of three, one separator throughout), or followed by what they count ("1000000000 views"). Only
     * asked when no cue like "call" comes before.
     */
    static boolean isQuantity(String text, int start, int end) {
        return hasThousandsGroups(text, start, end) || countedThingAfter(text, end);
    }

    private static boolean hasThousandsGroups(String text, int start, int end) {
        char separator = 0;
        int group = 0;
        int groups = 0;
        for (int k = start; k < end; k++) {
            char c = text.charAt(k);
            if (Character.isDigit(c)) {
                group++;
                continue;
            }
            if ((c != '.' && c != ',' && c != ' ') || (separator != 0 && c != separator)) {
                return false;
            }
            if (groups == 0 ? group > 3 : group != 3) {
                return false;
            }
            separator = c;
            groups++;
            group = 0;
        }
        return groups >= 2 && group == 3 && separator != ' ';
    }

    private static final Set<String> COUNTED_THINGS = Set.of(
            "views",
            "likes",
            "subscribers",
            "subs",
            "followers",
            "fans",
            "people",
            "times",
            "years",
            "comments",
            "hits",
            "plays",
            "downloads",
            "votes",
            "copies",
            "users",
            "visitors",
            "readers",
            "dollars",
            "euros",
            "pounds",
            "miles",
            "km",
            "words");

    private static boolean countedThingAfter(String text, int end) {
        int k = end;
        while (k < text.length() && text.charAt(k) == ' ') {
            k++;
        }
        int wordStart = k;
        while (k < text.length() && Character.isLetter(text.charAt(k))) {
            k++;
        }
        return k > wordStart
                && COUNTED_THINGS.contains(text.substring(wordStart, k).toLowerCase(Locale.ROOT));
    }

    private static boolean cueBefore(String text, int start) {
        String before = text.substring(Math.max(0, start - 24), start).toLowerCase(Locale.ROOT);
        return PHONE_CUES.stream().anyMatch(before::contains);
    }

    private static boolean isLocalChar(char c) {
        return Character.isLetterOrDigit(c) || "._%+-".indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean allLetters(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!Character.isLetter(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
