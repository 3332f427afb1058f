package io.sherpa.notification.recipients;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.notification.inbox.DigestSchedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DigestScheduleTest {

    @Test
    void immediateNowHourlyAtTheNextHourDailyAtTheNextEightUtc() {
        Instant at = Instant.parse("2024-05-01T10:15:30Z");
        assertThat(DigestSchedule.next("immediate", at)).isEqualTo(at);
        assertThat(DigestSchedule.next("hourly", at)).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        assertThat(DigestSchedule.next("daily", at)).isEqualTo(Instant.parse("2024-05-02T08:00:00Z"));
        assertThat(DigestSchedule.next("daily", Instant.parse("2024-05-01T07:59:00Z")))
                .isEqualTo(Instant.parse("2024-05-01T08:00:00Z"));
    }
}
