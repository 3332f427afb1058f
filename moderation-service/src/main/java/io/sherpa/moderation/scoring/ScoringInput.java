package io.sherpa.moderation.scoring;

import io.sherpa.moderation.policy.Policy;
import io.sherpa.moderation.scoring.model.Models;
import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.time.Instant;
import java.util.List;

/**
 * Everything a signal may look at. {@code now} is passed in, so signals stay pure. The text is normalised
 * once, here, and every signal matches on the same {@link #normalized} form.
 *
 * @param models the site's learned models
 * @param lookalikes earlier comments whose text is nearly the same as this one's (any author, any site)
 */
public record ScoringInput(
        Comment comment,
        AuthorHistory history,
        Policy policy,
        Instant now,
        Models models,
        List<Lookalike> lookalikes,
        NormalizedText normalized) {

    public ScoringInput {
        lookalikes = List.copyOf(lookalikes);
    }

    public ScoringInput(
            Comment comment,
            AuthorHistory history,
            Policy policy,
            Instant now,
            Models models,
            List<Lookalike> lookalikes) {
        this(comment, history, policy, now, models, lookalikes, TextNormalizer.normalize(comment.text()));
    }

    public ScoringInput(Comment comment, AuthorHistory history, Policy policy, Instant now) {
        this(comment, history, policy, now, Models.starter(), List.of());
    }

    /** An earlier comment with nearly the same text: who wrote it, where, when, how far its text is. */
    public record Lookalike(String commentId, String authorKey, String siteId, Instant at, int distance) {}
}
