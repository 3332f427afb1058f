package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code SELF_PROMOTION}: the author pointing at their own things. A blog's "Name's last blog post..Title"
 * trailer is ordinary and only noted; "visit my site" style pitches add to the self-promotion score.
 */
final class SelfPromotionSignal implements Signal {

    private static final List<String> PITCHES = List.of(
            "check out my",
            "visit my website",
            "visit my site",
            "visit my blog",
            "my website is",
            "follow me on",
            "subscribe to my",
            "buy my",
            "use my code",
            "use my link",
            "click my",
            "dm me for");

    @Override
    public String name() {
        return "self-promotion";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        String text = input.comment().text();
        String lower = text.toLowerCase(Locale.ROOT);
        List<Verdict> verdicts = new ArrayList<>();
        int trailer = lower.indexOf("last blog post..");
        if (trailer >= 0) {
            int lineStart = lower.lastIndexOf('\n', trailer) + 1;
            int lineEnd = lower.indexOf('\n', trailer);
            verdicts.add(Verdict.at(
                            ReasonCode.SELF_PROMOTION,
                            Severity.INFO,
                            "Signature linking the author's own latest post (usual on blogs)",
                            lineStart,
                            lineEnd < 0 ? text.length() : lineEnd)
                    .scoring("selfPromotion", 0.2));
        }
        for (String pitch : PITCHES) {
            int at = lower.indexOf(pitch);
            if (at >= 0) {
                verdicts.add(Verdict.at(
                                ReasonCode.SELF_PROMOTION,
                                Severity.INFO,
                                "Pitch: \"" + pitch + "\"",
                                at,
                                at + pitch.length())
                        .scoring("selfPromotion", 0.45));
            }
        }
        return verdicts;
    }
}
