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
        if (pitched && linked(text)) {
            verdicts.add(Verdict.of(
                            ReasonCode.SELF_PROMOTION,
                            Severity.HOLD,
                            "A pitch together with a link or contact details: promoting something off this site")
                    .scoring("selfPromotion", 0.9));
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
