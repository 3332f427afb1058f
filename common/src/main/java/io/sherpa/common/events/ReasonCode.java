package io.sherpa.common.events;

/** Why a comment was held or rejected (DESIGN §3). The set is a contract: dashboards and alerts rely on it. */
public enum ReasonCode {
    DUPLICATE,
    NEAR_DUPLICATE,
    LINK,
    URL_SHORTENER,
    CONTACT_INFO,
    SELF_PROMOTION,
    SPAM_MODEL,
    TOXICITY,
    BANNED_WORD,
    SUSPECT_WORD,
    NEWCOMER,
    FLOOD,
    PREMODERATION,
    SIGNAL_ERROR
}
