package io.sherpa.common.events;

/** How strongly one reason pulls the decision. */
public enum Severity {
    /** Worth showing to a moderator, changes nothing on its own. */
    INFO,
    /** Enough to hold the comment for a moderator. */
    HOLD,
    /** Enough to reject the comment. */
    REJECT
}
