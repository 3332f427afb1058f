package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
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
        boolean linked = !Links.find(text).isEmpty()
                || !ContactInfoSignal.emails(text).isEmpty()
                || !ContactInfoSignal.phones(text).isEmpty();
        boolean pitched = false;
        for (String pitch : PITCHES) {
            int at = wordAt(normalized, pitch);
            if (at >= 0) {
                pitched = true;
                verdicts.add(span(input, "Pitch: \"" + pitch + "\"", at, at + pitch.length())
                        .scoring("selfPromotion", 0.45));
            }
        }
        for (String phrase : SALES) {
            int at = wordAt(normalized, phrase);
            if (at >= 0) {
                pitched = true;
                verdicts.add(span(input, "Sales language: \"" + phrase + "\"", at, at + phrase.length())
                        .scoring("selfPromotion", 0.45));
            }
        }
        if (pitched && linked) {
            verdicts.add(Verdict.of(
                            ReasonCode.SELF_PROMOTION,
                            Severity.HOLD,
                            "A pitch together with a link or contact details: promoting something off this site")
                    .scoring("selfPromotion", 0.9));
        }
        return verdicts;
    }

    private static Verdict span(ScoringInput input, String message, int start, int end) {
        return Verdict.at(
                ReasonCode.SELF_PROMOTION,
                Severity.INFO,
                message,
                input.normalized().originalStart(start),
                input.normalized().originalEnd(end));
    }

    /** The first place {@code phrase} starts on word boundaries in {@code text}, or -1. */
    static int wordAt(String text, String phrase) {
        int from = 0;
        while (true) {
            int at = text.indexOf(phrase, from);
            if (at < 0) {
                return -1;
            }
            int end = at + phrase.length();
            boolean startsWord = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
            boolean endsWord = end >= text.length()
                    || !Character.isLetterOrDigit(text.charAt(end))
                    || !Character.isLetterOrDigit(phrase.charAt(phrase.length() - 1));
            if (startsWord && endsWord) {
                return at;
            }
            from = at + 1;
        }
    }
}
