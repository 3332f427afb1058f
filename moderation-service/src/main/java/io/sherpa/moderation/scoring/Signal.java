package io.sherpa.moderation.scoring;

import java.util.List;

/** A named, pure function from a comment in context to what it found (nothing found: an empty list). */
public interface Signal {

    /** A short stable name, for metrics and logs. */
    String name();

    List<Verdict> evaluate(ScoringInput input);
}
