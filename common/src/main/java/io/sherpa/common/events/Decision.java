package io.sherpa.common.events;

/** The outcome of moderating one comment. */
public enum Decision {
    /** Published: visible to everyone, and the only outcome that notifies anyone. */
    APPROVED,
    /** Waiting in the moderators' queue. */
    HELD,
    /** Not published. */
    REJECTED
}
