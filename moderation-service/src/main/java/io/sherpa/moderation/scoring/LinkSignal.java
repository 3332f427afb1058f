package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.policy.Policy;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code LINK} and {@code URL_SHORTENER}: links counted and resolved to domains. A shortener holds (it
 * hides where it goes) unless the author has a clean record here ({@link AuthorHistory#isEstablished}), when it
 * only adds to the spam score; a denied domain rejects; an allowed domain is ignored; more links than the policy
 * allows, or any link in a newcomer's comment (when the policy says so), holds; other links are noted.
 *
 * <p>Links add to the spam score once per comment, not once per link (each link is still shown): how many links
 * a comment may carry is the policy's {@code maxLinks}. Counted per link, a clean-record author's headline with
 * two shortened links scored 0.54 on links alone, and was held with no other evidence.
 */
final class LinkSignal implements Signal {

    @Override
    public String name() {
        return "links";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        Policy.LinkRules rules = input.policy().links();
        List<Verdict> verdicts = new ArrayList<>();
        List<Links.Link> counted = new ArrayList<>();
        boolean shortenerScored = false;
        for (Links.Link link : Links.find(input.comment().text())) {
            if (rules.allowDomains().stream().anyMatch(d -> Links.within(link.domain(), d))) {
                continue;
            }
            counted.add(link);
            if (rules.denyDomains().stream().anyMatch(d -> Links.within(link.domain(), d))) {
                verdicts.add(Verdict.at(
                                ReasonCode.LINK,
                                Severity.REJECT,
                                "Link to " + link.domain() + ", a domain this site does not allow",
                                link.start(),
                                link.end())
                        .scoring("spam", 0.6));
            } else if (Links.SHORTENERS.contains(link.domain())) {
                boolean established = input.history().isEstablished();
                Verdict shortened = Verdict.at(
                        ReasonCode.URL_SHORTENER,
                        established ? Severity.INFO : Severity.HOLD,
                        "Shortened link (" + link.domain() + ") hides where it leads"
                                + (established ? "; the author has a clean record here" : ""),
                        link.start(),
                        link.end());
                verdicts.add(shortenerScored ? shortened : shortened.scoring("spam", established ? 0.2 : 0.4));
                shortenerScored = true;
            }
        }
        if (counted.isEmpty()) {
            return verdicts;
        }
        boolean newcomerHold = rules.holdNewcomerLinks() && input.history().isNewcomer();
        boolean tooMany = counted.size() > rules.maxLinks();
        for (Links.Link link : counted) {
            Severity severity = newcomerHold || tooMany ? Severity.HOLD : Severity.INFO;
            String why = tooMany
                    ? counted.size() + " links; this site allows " + rules.maxLinks()
                    : newcomerHold ? "Link in a newcomer's first comment" : "Link to " + link.domain();
            Verdict noted =
                    Verdict.at(ReasonCode.LINK, severity, why + " (" + link.domain() + ")", link.start(), link.end());
            verdicts.add(link == counted.get(0) ? noted.scoring("spam", 0.15) : noted);
        }
        return verdicts;
    }
}
