package io.sherpa.moderation.pipeline;

import io.sherpa.moderation.scoring.AuthorHistory;

/** An author's standing on one site: their history for scoring and their decision counts for moderators. */
public record AuthorRecord(String key, AuthorHistory history, long approved, long held, long rejected) {

    public static AuthorRecord none(String key) {
        return new AuthorRecord(key, AuthorHistory.none(), 0, 0, 0);
    }
}
