package io.sherpa.common.events;

import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.Objects;

/** A site asked Sherpa to erase everything it holds about one author (GDPR). Keyed by {@code siteId/authorId}. */
public record AuthorErased(EventId eventId, SiteId siteId, String authorId, Instant requestedAt) {

    public AuthorErased {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(authorId, "authorId");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    public String partitionKey() {
        return Keys.siteAuthor(siteId, authorId);
    }
}
