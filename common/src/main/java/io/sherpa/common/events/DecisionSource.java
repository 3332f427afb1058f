package io.sherpa.common.events;

/** Who made a decision. */
public enum DecisionSource {
    /** The scoring pipeline (always sequence 1). */
    AUTOMATIC,
    /** A moderator, from the dashboard or the moderator API. */
    MODERATOR
}
