package io.sherpa.moderation.scoring;

import io.sherpa.moderation.policy.Policy;
import java.time.Instant;
import java.util.List;

/** Object mother for scoring inputs. */
final class CommentMother {

    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    private CommentMother() {}

    static ScoringInput aComment(String text) {
        return byARegular("ann", text);
    }

    static ScoringInput aNewcomerComment(String text) {
        return new ScoringInput(comment("ann", text), AuthorHistory.none(), Policy.defaults(), NOW);
    }

    static ScoringInput byARegular(String author, String text) {
        AuthorHistory regular = new AuthorHistory(
                12,
                List.of(new AuthorHistory.PriorComment(
                        "old-1", TextTokens.fingerprint("an older comment"), NOW.minusSeconds(86_400 * 3))));
        return new ScoringInput(comment(author, text), regular, Policy.defaults(), NOW);
    }

    /** A comment by an author whose earlier comments here were all approved. */
    static ScoringInput byAnAuthorWithACleanRecord(String text) {
        AuthorHistory clean = new AuthorHistory(12, 12, 0, List.of());
        return new ScoringInput(comment("ann", text), clean, Policy.defaults(), NOW);
    }

    /** A regular's comment, with earlier comments (by anyone, anywhere) whose text is nearly the same. */
    static ScoringInput withLookalikes(String text, List<ScoringInput.Lookalike> lookalikes) {
        ScoringInput regular = aComment(text);
        return new ScoringInput(
                regular.comment(), regular.history(), regular.policy(), regular.now(), regular.models(), lookalikes);
    }

    static ScoringInput withPolicy(ScoringInput input, Policy policy) {
        return new ScoringInput(
                input.comment(), input.history(), policy, input.now(), input.models(), input.lookalikes());
    }

    static Comment comment(String author, String text) {
        return new Comment("c-" + Math.abs(text.hashCode()), "demo", author, author, text, "post-1", NOW);
    }
}
