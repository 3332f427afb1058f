package io.sherpa.notification.inbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** When an e-mail goes out: at once, at the next full hour, or at the next 08:00 UTC. */
public final class DigestSchedule {

    private DigestSchedule() {}

    public static Instant next(String digest, Instant now) {
        if ("hourly".equals(digest)) {
            return now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        }
        if ("daily".equals(digest)) {
            Instant eight = now.truncatedTo(ChronoUnit.DAYS).plus(8, ChronoUnit.HOURS);
            return now.isBefore(eight) ? eight : eight.plus(1, ChronoUnit.DAYS);
        }
        return now;
    }
}
