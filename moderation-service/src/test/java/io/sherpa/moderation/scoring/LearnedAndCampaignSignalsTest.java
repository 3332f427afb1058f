package io.sherpa.moderation.scoring;

import static io.sherpa.moderation.scoring.CommentMother.NOW;
import static io.sherpa.moderation.scoring.CommentMother.aComment;
import static io.sherpa.moderation.scoring.CommentMother.aNewcomerComment;
import static io.sherpa.moderation.scoring.CommentMother.withLookalikes;
import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The starter models, self-promotion with evidence, obfuscated word lists, and campaigns. */
class LearnedAndCampaignSignalsTest {

    private final Scorer scorer = new Scorer(Signals.standard());

    @Test
    void starterModelsHoldCommonSpamAndAbuseAndPassOrdinaryComments() {
        assertThat(scorer.assess(aComment("Check out my channel and subscribe!! http://bit.ly/3xYz"))
                        .decision())
                .isNotEqualTo(Decision.APPROVED);
        Assessment insult = scorer.assess(aComment("You are a pathetic idiot, nobody wants you here"));
        assertThat(insult.decision()).isNotEqualTo(Decision.APPROVED);
        assertThat(insult.scores().get("toxicity")).isGreaterThan(0.5);
        Assessment fine = scorer.assess(aComment("Thanks for the recipe, I used less sugar and it was still great."));
        assertThat(fine.decision()).isEqualTo(Decision.APPROVED);
        assertThat(fine.scores().get("spam")).isLessThan(0.5);
        assertThat(fine.scores().get("toxicity")).isLessThan(0.5);
    }

    @Test
    void modelReasonsPointAtTheWordsThatWeighed() {
        String text = "You are a pathetic idiot, nobody wants you here";
        Assessment a = scorer.assess(aComment(text));
        List<Reason> toxic = a.reasons().stream()
                .filter(r -> r.code() == ReasonCode.TOXICITY && r.start() != null)
                .toList();
        assertThat(toxic).isNotEmpty();
        assertThat(toxic)
                .extracting(r -> text.substring(r.start(), r.end()).toLowerCase(java.util.Locale.ROOT))
                .anyMatch(w -> w.contains("idiot") || w.contains("pathetic"));
    }

    @Test
    void cleanCommentsCarryScoresButNoModelReasons() {
        Assessment a = scorer.assess(aComment("I planted the tomatoes in May and they did fine."));
        assertThat(a.reasons()).noneMatch(r -> r.code() == ReasonCode.SPAM_MODEL || r.code() == ReasonCode.TOXICITY);
        assertThat(a.scores()).containsKeys("spam", "toxicity");
    }

    @Test
    void aPitchWithALinkIsSelfPromotionAndHeld() {
        String text = "Great video! ch3ck 0ut my ch@nnel for more www.mybeats.example/tracks";
        Assessment a = scorer.assess(aComment(text));
        assertThat(a.decision()).isNotEqualTo(Decision.APPROVED);
        Reason pitch = a.reasons().stream()
                .filter(r -> r.code() == ReasonCode.SELF_PROMOTION && r.start() != null)
                .findFirst()
                .orElseThrow();
        assertThat(text.substring(pitch.start(), pitch.end())).isEqualTo("ch3ck 0ut my");
        assertThat(a.reasons()).anyMatch(r -> r.code() == ReasonCode.SELF_PROMOTION && r.severity() == Severity.HOLD);
    }

    @Test
    void aPitchWithoutALinkIsOnlyNoted() {
        Assessment a =
                scorer.assess(aComment("I shared this on my channel last week, people loved the part about soil."));
        assertThat(a.reasons())
                .filteredOn(r -> r.code() == ReasonCode.SELF_PROMOTION)
                .allMatch(r -> r.severity() == Severity.INFO);
    }

    @Test
    void bannedAndSuspectWordsMatchThroughObfuscation() {
        String text = "get cheap V I A G R A here";
        String spaced = "get cheap v.i.a.g.r.a here";
        for (String t : List.of(text, spaced, "ｖｉａｇｒａ deals", "v\u200Biagra deals")) {
            Assessment a = scorer.assess(aNewcomerComment(t));
            assertThat(a.reasons()).as(t).anyMatch(r -> r.code() == ReasonCode.SUSPECT_WORD);
        }
    }

    @Test
    void nearlyTheSameTextFromOtherAuthorsIsACampaign() {
        String text = "I made 5000 dollars last month working from home, ask me how on my profile page today";
        Assessment alone = scorer.assess(withLookalikes(text, List.of()));
        assertThat(alone.reasons()).noneMatch(r -> r.code() == ReasonCode.NEAR_DUPLICATE);

        var fromBob = new ScoringInput.Lookalike("c-1", "demo/bob", "demo", NOW.minusSeconds(600), 2);
        var fromCid = new ScoringInput.Lookalike("c-2", "other/cid", "other", NOW.minusSeconds(300), 0);
        Assessment campaign = scorer.assess(withLookalikes(text, List.of(fromBob, fromCid)));
        assertThat(campaign.decision()).isEqualTo(Decision.HELD);
        Reason near = campaign.reasons().stream()
                .filter(r -> r.code() == ReasonCode.NEAR_DUPLICATE)
                .findFirst()
                .orElseThrow();
        assertThat(near.message()).contains("2 other authors").contains("2 sites");
    }

    @Test
    void ownEarlierTextsAndOldOnesAreNotACampaign() {
        String text = "I made 5000 dollars last month working from home, ask me how on my profile page today";
        var mine = new ScoringInput.Lookalike("c-1", "demo/ann", "demo", NOW.minusSeconds(60), 0);
        var old = new ScoringInput.Lookalike("c-2", "demo/bob", "demo", NOW.minus(Duration.ofDays(3)), 0);
        Assessment a = scorer.assess(withLookalikes(text, List.of(mine, old)));
        assertThat(a.reasons()).noneMatch(r -> r.code() == ReasonCode.NEAR_DUPLICATE);
    }
}
