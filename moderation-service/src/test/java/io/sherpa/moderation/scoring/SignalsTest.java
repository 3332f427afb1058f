package io.sherpa.moderation.scoring;

import static io.sherpa.moderation.scoring.CommentMother.NOW;
import static io.sherpa.moderation.scoring.CommentMother.aComment;
import static io.sherpa.moderation.scoring.CommentMother.aNewcomerComment;
import static io.sherpa.moderation.scoring.CommentMother.withPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.policy.Policy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalsTest {

    private final Scorer scorer = new Scorer(Signals.standard());

    @Test
    void approvesAnOrdinaryFriendlyComment() {
        Assessment a = scorer.assess(aComment("Thanks Amber, I could not agree more. Damn, well said!"));
        assertThat(a.decision()).isEqualTo(Decision.APPROVED);
        assertThat(a.reasons()).isEmpty();
    }

    @Test
    void rejectsTheSameAuthorsSameTextWithinTheWindowIgnoringCaseAndPunctuation() {
        ScoringInput second = new ScoringInput(
                CommentMother.comment("ann", "You are AWESOME, Amber!!"),
                new AuthorHistory(
                        1,
                        List.of(new AuthorHistory.PriorComment(
                                "c1", TextTokens.fingerprint("You are awesome Amber"), NOW.minusSeconds(60)))),
                Policy.defaults(),
                NOW);
        Assessment a = scorer.assess(second);
        assertThat(a.decision()).isEqualTo(Decision.REJECTED);
        assertThat(codes(a)).contains(ReasonCode.DUPLICATE);
        assertThat(a.scores()).containsEntry("duplicate", 1.0);

        ScoringInput later =
                new ScoringInput(second.comment(), second.history(), second.policy(), NOW.plus(Duration.ofDays(2)));
        assertThat(codes(scorer.assess(later))).doesNotContain(ReasonCode.DUPLICATE);
    }

    @Test
    void holdsShortenedLinksWithTheirSpan() {
        String text = "See http://idek.net/1X for more.";
        Assessment a = scorer.assess(aComment(text));
        assertThat(a.decision()).isEqualTo(Decision.HELD);
        Reason shortener = reason(a, ReasonCode.URL_SHORTENER);
        assertThat(text.substring(shortener.start(), shortener.end())).isEqualTo("http://idek.net/1X");
    }

    @Test
    void aShortenedLinkFromAnAuthorWithACleanRecordIsNotedNotHeld() {
        String text = "The same thing happened to our allotment group last spring; the council wrote it up at "
                + "https://bit.ly/3xYz if anyone wants the details. We planted a month earlier and it worked.";
        Assessment clean = scorer.assess(CommentMother.byAnAuthorWithACleanRecord(text));
        assertThat(clean.decision()).as(clean.reasons().toString()).isEqualTo(Decision.APPROVED);
        assertThat(reason(clean, ReasonCode.URL_SHORTENER).severity()).isEqualTo(Severity.INFO);
        assertThat(clean.scores().get("spam")).isGreaterThan(0.0);

        assertThat(scorer.assess(aComment(text)).decision()).isEqualTo(Decision.HELD); // no decisions known
        AuthorHistory oneRejected = new AuthorHistory(12, 11, 1, List.of());
        assertThat(oneRejected.isEstablished()).isFalse();
        assertThat(new AuthorHistory(3, 3, 0, List.of()).isEstablished()).isTrue();
        assertThat(new AuthorHistory(2, 2, 0, List.of()).isEstablished()).isFalse();
        ScoringInput afterARejection =
                new ScoringInput(CommentMother.comment("ann", text), oneRejected, Policy.defaults(), NOW);
        assertThat(scorer.assess(afterARejection).decision()).isEqualTo(Decision.HELD);
    }

    @Test
    void linksAddToTheSpamScoreOncePerCommentAndEveryLinkIsShown() {
        String before = "The same thing happened to our allotment group last spring; the council wrote it up at ";
        String after = " if anyone wants the details. We planted a month earlier and it worked.";
        String one = before + "https://bit.ly/3xYz" + after;
        String two = before + "https://bit.ly/3xYz (and the planting map at https://bit.ly/9kQw)" + after;
        Assessment withOne = scorer.assess(CommentMother.byAnAuthorWithACleanRecord(one));
        Assessment withTwo = scorer.assess(CommentMother.byAnAuthorWithACleanRecord(two));
        assertThat(withTwo.decision()).as(withTwo.reasons().toString()).isEqualTo(Decision.APPROVED);
        assertThat(withTwo.scores().get("spam")).isCloseTo(withOne.scores().get("spam"), within(0.05));
        assertThat(withTwo.reasons())
                .filteredOn(r -> r.code() == ReasonCode.URL_SHORTENER)
                .extracting(r -> two.substring(r.start(), r.end()))
                .containsExactly("https://bit.ly/3xYz", "https://bit.ly/9kQw");
        // from someone without that record, each is still a reason to hold
        assertThat(scorer.assess(aComment(two)).decision()).isEqualTo(Decision.HELD);
    }

    @Test
    void holdsAKeywordToTextToAShortCodeAndCountsPremiumTextingAsSpam() {
        String text = "Talk to new friends in the most discreet chat. Just text VIP to 83110 and see who you meet.";
        Assessment shortCode = scorer.assess(aComment(text));
        assertThat(shortCode.decision()).isEqualTo(Decision.HELD);
        Reason held = shortCode.reasons().stream()
                .filter(r -> r.code() == ReasonCode.SELF_PROMOTION && r.severity() == Severity.HOLD)
                .findFirst()
                .orElseThrow();
        assertThat(text.substring(held.start(), held.end())).isEqualTo("text VIP to 83110");

        double plain = scorer.assess(aComment("Win a book this week, answer 5 questions to be first"))
                .scores()
                .get("spam");
        Assessment keyword =
                scorer.assess(aComment("Win a book this week, reply HARRY, answer 5 questions to be first"));
        assertThat(keyword.scores().get("spam")).isGreaterThan(plain);
        Reason cta = reason(keyword, ReasonCode.SELF_PROMOTION);
        assertThat(cta.severity()).isEqualTo(Severity.INFO);
        assertThat(keyword.reasons()).anyMatch(r -> r.message().contains("keyword"));

        Assessment price = scorer.assess(aComment("New tones every week, 150p per msg, enjoy"));
        assertThat(price.reasons()).anyMatch(r -> r.message().contains("price per message"));

        // conversation, not a keyword: a pronoun in capitals, a text shouted as a whole, no short code, and
        // "SMS" before a word in capitals, which names a thing ("SMS PIN", "SMS ALERT") rather than asks for a text
        for (String ordinary : List.of(
                "Text ME when you land, I will pick you up at 10",
                "The bank never asks for your ATM/SMS PIN by email, never share it",
                "PLEASE REPLY SOON, I MISS YOU ALL AND HOPE THE TRIP WENT WELL",
                "Send the draft to 12 people and we will see")) {
            Assessment a = scorer.assess(aComment(ordinary));
            assertThat(a.reasons()).as(ordinary).noneMatch(r -> r.code() == ReasonCode.SELF_PROMOTION);
        }
    }

    @Test
    void holdsANewcomersLinkButNotARegularsSingleLink() {
        String text = "I wrote about the same bug last year: https://example.org/a - the second half covers caching.";
        assertThat(scorer.assess(aNewcomerComment(text)).decision()).isEqualTo(Decision.HELD);
        Assessment regular = scorer.assess(aComment(text));
        assertThat(regular.decision()).isEqualTo(Decision.APPROVED);
        assertThat(reason(regular, ReasonCode.LINK).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void appliesTheSitesLinkRules() {
        Policy base = Policy.defaults();
        Policy rules = new Policy(
                3,
                base.mode(),
                base.thresholds(),
                base.bannedWords(),
                base.suspectWords(),
                new Policy.LinkRules(1, true, List.of("example.org"), List.of("spam.biz")),
                base.trustedAuthors(),
                base.duplicateWindow(),
                base.flood());
        assertThat(scorer.assess(withPolicy(
                                aNewcomerComment(
                                        "The guide at www.example.org/x and https://docs.example.org covers the proxy too."),
                                rules))
                        .decision())
                .isEqualTo(Decision.APPROVED);
        assertThat(scorer.assess(withPolicy(aComment("buy at https://shop.spam.biz/now"), rules))
                        .decision())
                .isEqualTo(Decision.REJECTED);
        assertThat(scorer.assess(withPolicy(aComment("https://a.com and https://b.com"), rules))
                        .decision())
                .isEqualTo(Decision.HELD);
    }

    @Test
    void holdsEmailAddressesAndPhoneNumbersInTheirCommonDisguises() {
        for (String text : List.of(
                "my email is mike@blog4business.com",
                "write to mike at blog4business dot com today",
                "mike [at] example [dot] co [dot] uk",
                "call me on +44 20 7946 0958",
                "phone 555-1234 after six",
                "ring five five five one two three four now",
                "number: 0 6 1 2 3 4 5 6 7 8",
                "call 612.345.678 after six",
                "ring 555.123.4567 for the shop",
                "the shop: 555.123.4567",
                "06.12.34.56.78 any time",
                "my number is 612.345.678",
                "0612345678 like I said")) {
            Assessment a = scorer.assess(aComment(text));
            assertThat(a.decision()).as(text).isEqualTo(Decision.HELD);
            assertThat(codes(a)).as(text).contains(ReasonCode.CONTACT_INFO);
        }
    }

    @Test
    void doesNotMistakeDatesListsOrTimesForContactInfo() {
        for (String text : List.of(
                "On 2008-11-25 at 10:01 we met at the cafe",
                "1Recommendations\n2 Feedback\n3 R+D\n4 Collaboration\n5 Google page ranking",
                "a 1 hour online seminar",
                "I looked at it and it was dot on",
                "@jakrose re free open source",
                "how can there be 2.124.821.694 views when I'm the only one left",
                "857.482.940 people agree",
                "wow 2.124.821.694!",
                "1000000000 views.")) {
            assertThat(codes(scorer.assess(aComment(text)))).as(text).doesNotContain(ReasonCode.CONTACT_INFO);
        }
    }

    @Test
    void matchesWordListsOnWordBoundariesCaseAndAccentInsensitively() {
        Policy base = Policy.defaults();
        Policy words = new Policy(
                2,
                base.mode(),
                base.thresholds(),
                List.of("crétin", "go away"),
                List.of("casino"),
                base.links(),
                base.trustedAuthors(),
                base.duplicateWindow(),
                base.flood());
        String text = "You CRETIN, just Go  Away!";
        Assessment a = scorer.assess(withPolicy(aComment(text), words));
        assertThat(a.decision()).isEqualTo(Decision.REJECTED);
        assertThat(a.reasons())
                .filteredOn(r -> r.code() == ReasonCode.BANNED_WORD)
                .extracting(r -> text.substring(r.start(), r.end()))
                .containsExactly("CRETIN", "Go  Away");
        assertThat(scorer.assess(withPolicy(aComment("the casinos of Monaco"), words))
                        .decision())
                .isEqualTo(Decision.APPROVED);
        assertThat(scorer.assess(withPolicy(aComment("a Casino night"), words)).decision())
                .isEqualTo(Decision.HELD);
    }

    @Test
    void wordListMatchingStaysLinearOnHostileInput() {
        Policy base = Policy.defaults();
        Policy words = new Policy(
                2,
                base.mode(),
                base.thresholds(),
                List.of("a a a a a a a a a b"),
                List.of(),
                base.links(),
                base.trustedAuthors(),
                base.duplicateWindow(),
                base.flood());
        Assessment a = scorer.assess(withPolicy(aComment("a ".repeat(5000)), words));
        assertThat(a.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    void notesANewcomerWithoutHoldingThem() {
        Assessment a = scorer.assess(aNewcomerComment("Hello everyone, first time here!"));
        assertThat(a.decision()).isEqualTo(Decision.APPROVED);
        assertThat(a.firstTimeAuthor()).isTrue();
        assertThat(reason(a, ReasonCode.NEWCOMER).severity()).isEqualTo(Severity.INFO);
    }

    @Test
    void holdsAFlood() {
        List<AuthorHistory.PriorComment> burst = java.util.stream.IntStream.range(0, 5)
                .mapToObj(i -> new AuthorHistory.PriorComment("p" + i, "fp" + i, NOW.minusSeconds(10 + i)))
                .toList();
        ScoringInput input = new ScoringInput(
                CommentMother.comment("ann", "one more thing"), new AuthorHistory(5, burst), Policy.defaults(), NOW);
        assertThat(codes(scorer.assess(input))).contains(ReasonCode.FLOOD);
        assertThat(scorer.assess(input).decision()).isEqualTo(Decision.HELD);
    }

    @Test
    void appliesModesAndTrustedAuthors() {
        Policy base = Policy.defaults();
        Policy preAll = new Policy(
                5,
                Policy.Mode.PRE_ALL,
                base.thresholds(),
                List.of("idiot"),
                base.suspectWords(),
                base.links(),
                List.of("ann"),
                base.duplicateWindow(),
                base.flood());
        assertThat(scorer.assess(withPolicy(CommentMother.byARegular("bob", "Nice post"), preAll))
                        .decision())
                .isEqualTo(Decision.HELD);
        assertThat(scorer.assess(withPolicy(aComment("Nice post with http://bit.ly/x"), preAll))
                        .decision())
                .as("trusted author")
                .isEqualTo(Decision.APPROVED);
        assertThat(scorer.assess(withPolicy(aComment("you idiot"), preAll)).decision())
                .as("trusted, but banned word")
                .isEqualTo(Decision.REJECTED);

        Policy preNewcomers = new Policy(
                6,
                Policy.Mode.PRE_NEWCOMERS,
                base.thresholds(),
                base.bannedWords(),
                base.suspectWords(),
                base.links(),
                base.trustedAuthors(),
                base.duplicateWindow(),
                base.flood());
        assertThat(codes(scorer.assess(withPolicy(aNewcomerComment("hi"), preNewcomers))))
                .contains(ReasonCode.PREMODERATION);
        assertThat(scorer.assess(withPolicy(aComment("hi"), preNewcomers)).decision())
                .isEqualTo(Decision.APPROVED);
    }

    @Test
    void thresholdsTurnScoresIntoDecisions() {
        Policy base = Policy.defaults();
        Policy strict = new Policy(
                7,
                base.mode(),
                Map.of("spam", new Policy.Thresholds(0.1, 0.95)),
                base.bannedWords(),
                base.suspectWords(),
                base.links(),
                base.trustedAuthors(),
                base.duplicateWindow(),
                base.flood());
        Assessment a = scorer.assess(withPolicy(aComment("see https://example.org"), strict));
        assertThat(a.decision()).isEqualTo(Decision.HELD);
        assertThat(codes(a)).contains(ReasonCode.SPAM_MODEL);
    }

    @Test
    void aFailingSignalHoldsWithSignalErrorNeverPassesOrRejects() {
        Signal broken = new Signal() {
            public String name() {
                return "broken";
            }

            public List<Verdict> evaluate(ScoringInput input) {
                throw new IllegalStateException("boom");
            }
        };
        Assessment a = new Scorer(List.of(broken)).assess(aComment("Lovely post"));
        assertThat(a.decision()).isEqualTo(Decision.HELD);
        assertThat(codes(a)).containsExactly(ReasonCode.SIGNAL_ERROR);
        assertThat(a.failedSignals()).containsExactly("broken");
    }

    @Test
    void notesBlogSignaturesWithoutHolding() {
        String text = "Great point.\nDanny Browns last blog post..Balance Is A Precarious Thing";
        Assessment a = scorer.assess(aComment(text));
        assertThat(a.decision()).isEqualTo(Decision.APPROVED);
        assertThat(reason(a, ReasonCode.SELF_PROMOTION).severity()).isEqualTo(Severity.INFO);
    }

    private static List<ReasonCode> codes(Assessment a) {
        return a.reasons().stream().map(Reason::code).toList();
    }

    private static Reason reason(Assessment a, ReasonCode code) {
        return a.reasons().stream()
                .filter(r -> r.code() == code)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + code + " in " + a.reasons()));
    }
}
