package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code SELF_PROMOTION}: the author pointing at their own things or selling. Pitches ("check out my
 * channel", "visit my site", "call this number") and sales language ("limited offer", "100% free") are
 * matched on the normalised text, so "ch3ck 0ut my ch@nnel" counts too. A pitch alone is noted; a pitch
 * with a link or contact details in the same comment is what a shill writes, and holds. A blog's "Name's
 * last blog post..Title" trailer is ordinary and only noted.
 */
final class SelfPromotionSignal implements Signal {

    private static final List<String> PITCHES = List.of(
            "check out my",
            "check my",
            "checkout my",
            "visit my",
            "my website",
            "my channel",
            "my new channel",
            "my videos",
            "my new video",
            "my music",
            "my new song",
            "my page",
            "my shop",
            "my store",
            "my instagram",
            "follow me",
            "subscribe to my",
            "subscribe to me",
            "please subscribe",
            "sub to my",
            "buy my",
            "use my code",
            "use my link",
            "click my",
            "click the link",
            "click here",
            "link in my bio",
            "dm me",
            "message me on",
            "contact me on",
            "call this number",
            "call now",
            "text me on",
            "whatsapp me");

    private static final List<String> SALES = List.of(
            "limited offer",
            "limited time",
            "special offer",
            "100% free",
            "free trial",
            "order now",
            "buy now",
            "best price",
            "discount code",
            "promo code",
            "earn money",
            "make money",
            "per day from home",
            "work from home",
            "investment opportunity",
            "guaranteed income",
            "risk free",
            "act now");

    @Override
    public String name() {
        return "self-promotion";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        String text = input.comment().text();
        String normalized = input.normalized().text();
        List<Verdict> verdicts = new ArrayList<>();
        int trailer = normalized.indexOf("last blog post..");
        if (trailer >= 0) {
            int lineStart = normalized.lastIndexOf('\n', trailer) + 1;
            int lineEnd = normalized.indexOf('\n', trailer);
            verdicts.add(span(
                            input,
                            "Signature linking the author's own latest post (usual on blogs)",
                            lineStart,
                            lineEnd < 0 ? normalized.length() : lineEnd)
                    .scoring("selfPromotion", 0.2));
        }
        boolean pitched = false;
        List<NormalizedText.Word> words = input.normalized().words();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < words.size(); i++) {
            List<Phrase> candidates = BY_FIRST_WORD.get(words.get(i).text());
            if (candidates == null) {
                continue;
            }
            for (Phrase phrase : candidates) {
                int last = i + phrase.words().length - 1;
                if (last < words.size() && phrase.matchesAt(words, i) && seen.add(phrase.text())) {
                    pitched = true;
                    verdicts.add(span(
                                    input,
                                    (phrase.sales() ? "Sales language: \"" : "Pitch: \"") + phrase.text() + "\"",
                                    words.get(i).start(),
                                    words.get(last).end())
                            .scoring("selfPromotion", 0.45));
                }
            }
        }
        verdicts.addAll(premiumTexting(input));
        if (pitched && linked(text)) {
            verdicts.add(Verdict.of(
                            ReasonCode.SELF_PROMOTION,
                            Severity.HOLD,
                            "A pitch together with a link or contact details: promoting something off this site")
                    .scoring("selfPromotion", 0.9));
        }
        return verdicts;
    }

    /**
     * Verbs that start a texting call to action: "text VIP to 83110", "reply HARRY", "txt STOP". Not "sms":
     * before a word in capitals it names a thing ("SMS PIN", "SMS ALERT", "SMS SERVICES"), as it does in every
     * such training text.
     */
    private static final java.util.Set<String> TEXTING_VERBS =
            java.util.Set.of("text", "txt", "reply", "send", "texting", "replying");

    /** Words in capitals after such a verb that are conversation, not a keyword. */
    private static final java.util.Set<String> NOT_KEYWORDS = java.util.Set.of(
            "me", "u", "ur", "you", "i", "ok", "asap", "now", "back", "it", "us", "this", "the", "a", "an", "to", "my",
            "in", "on", "at", "so", "lol", "or", "and", "if", "him", "her", "them", "pls", "plz");

    private static final java.util.Set<String> PER_WHAT = java.util.Set.of("msg", "txt", "text", "message");

    private static final java.util.Set<String> FILLERS = java.util.Set.of("with", "the", "word", "your");

    private static final java.util.regex.Pattern SHORT_CODE = java.util.regex.Pattern.compile("\\d{5,6}");

    /** A price per message or minute: "150p", "10p", "150ppm", "25pmin", "per msg". */
    private static final java.util.regex.Pattern PER_MESSAGE_PRICE =
            java.util.regex.Pattern.compile("\\d+p(?:pm|min|msg)?");

    /**
     * How premium-rate and subscription services sign people up: a keyword in capitals to text or reply
     * ("reply HARRY", "txt STOP") and a price per message ("150p/msg") are sales language that adds to the
     * spam score; a keyword to text to a five- or six-digit short code ("text VIP to 83110") is a contact
     * point off the site and holds. Words in capitals count only when the comment is not shouted as a whole.
     */
    private static List<Verdict> premiumTexting(ScoringInput input) {
        NormalizedText normalized = input.normalized();
        List<NormalizedText.Word> words = normalized.words();
        List<Verdict> verdicts = new ArrayList<>();
        boolean keyword = false;
        boolean shortCode = false;
        boolean price = false;
        for (int i = 0; i < words.size(); i++) {
            NormalizedText.Word word = words.get(i);
            if (!price
                    && (Character.isDigit(word.text().charAt(0))
                                    && PER_MESSAGE_PRICE.matcher(word.text()).matches()
                            || word.text().equals("per")
                                    && i + 1 < words.size()
                                    && PER_WHAT.contains(words.get(i + 1).text()))) {
                price = true;
                verdicts.add(span(input, "A price per message: premium-rate texting", word.start(), word.end())
                        .scoring("spam", 0.3));
            }
            if (!TEXTING_VERBS.contains(word.text())) {
                continue;
            }
            int k = i + 1;
            while (k < i + 3
                    && k < words.size()
                    && FILLERS.contains(words.get(k).text())) {
                k++; // "reply with NAME", "text the word YES", "text your AGE"
            }
            if (!keyword
                    && !normalized.shouting()
                    && k < words.size()
                    && !NOT_KEYWORDS.contains(words.get(k).text())
                    && normalized.writtenInCapitals(
                            words.get(k).start(), words.get(k).end())) {
                keyword = true;
                verdicts.add(span(
                                input,
                                "Call to action: " + word.text() + " a keyword",
                                word.start(),
                                words.get(k).end())
                        .scoring("spam", 0.3));
            }
            for (int j = k; !shortCode && j + 1 < words.size() && j <= k + 4; j++) {
                if (words.get(j).text().equals("to")
                        && SHORT_CODE.matcher(words.get(j + 1).text()).matches()) {
                    shortCode = true;
                    verdicts.add(Verdict.at(
                                    ReasonCode.SELF_PROMOTION,
                                    Severity.HOLD,
                                    "A keyword to text to a short code: how premium-rate services sign people up",
                                    normalized.originalStart(word.start()),
                                    normalized.originalEnd(words.get(j + 1).end()))
                            .scoring("spam", 0.6));
                }
            }
        }
        return verdicts;
    }

    private static boolean linked(String text) {
        return !Links.find(text).isEmpty()
                || !ContactInfoSignal.emails(text).isEmpty()
                || !ContactInfoSignal.phones(text).isEmpty();
    }

    private static Verdict span(ScoringInput input, String message, int start, int end) {
        return Verdict.at(
                ReasonCode.SELF_PROMOTION,
                Severity.INFO,
                message,
                input.normalized().originalStart(start),
                input.normalized().originalEnd(end));
    }

    /** A pitch or sales phrase as normalised words. */
    private record Phrase(String text, String[] words, boolean sales) {
        boolean matchesAt(List<NormalizedText.Word> text, int at) {
            for (int k = 0; k < words.length; k++) {
                if (!text.get(at + k).text().equals(words[k])) {
                    return false;
                }
            }
            return true;
        }
    }

    private static final java.util.Map<String, List<Phrase>> BY_FIRST_WORD = index();

    private static java.util.Map<String, List<Phrase>> index() {
        java.util.Map<String, List<Phrase>> byFirst = new java.util.HashMap<>();
        for (String p : PITCHES) {
            add(byFirst, p, false);
        }
        for (String p : SALES) {
            add(byFirst, p, true);
        }
        return byFirst;
    }

    private static void add(java.util.Map<String, List<Phrase>> byFirst, String phrase, boolean sales) {
        String[] words = TextNormalizer.normalize(phrase).words().stream()
                .map(NormalizedText.Word::text)
                .toArray(String[]::new);
        byFirst.computeIfAbsent(words[0], w -> new ArrayList<>()).add(new Phrase(phrase, words, sales));
    }
}
