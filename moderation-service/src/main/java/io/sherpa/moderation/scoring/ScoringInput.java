package io.sherpa.moderation.scoring;

import io.sherpa.moderation.policy.Policy;
import java.time.Instant;

/** Everything a signal may look at. {@code now} is passed in, so signals stay pure. */
public record ScoringInput(Comment comment, AuthorHistory history, Policy policy, Instant now) {}
