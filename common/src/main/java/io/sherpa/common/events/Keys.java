package io.sherpa.common.events;

import io.sherpa.common.ids.SiteId;

/** Kafka record keys shared by producers and consumers. */
public final class Keys {

    private Keys() {}

    /** {@code siteId/authorId}: the key of {@code submitted} and {@code erased} records. */
    public static String siteAuthor(SiteId siteId, String authorId) {
        return siteId.value() + '/' + authorId;
    }
}
