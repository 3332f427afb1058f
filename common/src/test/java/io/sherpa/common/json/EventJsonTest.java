package io.sherpa.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sherpa.common.events.CommentDecided;
import io.sherpa.common.events.CommentSubmitted;
import io.sherpa.common.events.Decision;
import io.sherpa.common.events.DecisionSource;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.common.ids.CommentId;
import io.sherpa.common.ids.EventId;
import io.sherpa.common.ids.SiteId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:15:30Z");

    @Test
    void writesCamelCaseIsoInstantsAndPlainIdsLeavingOutNulls() {
        CommentSubmitted event = aSubmission();
        String json = EventJson.write(event);
        assertThat(json)
                .contains("\"commentId\":\"" + event.commentId().asString() + "\"")
                .contains("\"siteId\":\"blog\"")
                .contains("\"receivedAt\":\"2024-05-01T10:15:30Z\"")
                .doesNotContain("parentCommentId")
                .doesNotContain("null");
        assertThat(EventJson.read(json, CommentSubmitted.class)).isEqualTo(event);
    }

    @Test
    void readersIgnoreFieldsTheyDoNotKnow() {
        String json = EventJson.write(aSubmission());
        String withMore = json.substring(0, json.length() - 1) + ",\"addedInV2\":{\"x\":[1,2]}}";
        assertThat(EventJson.read(withMore, CommentSubmitted.class)).isEqualTo(aSubmission());
    }

    @Test
    void decisionsRoundTripWithReasonsAndSpans() {
        CommentDecided decided = new CommentDecided(
                EventId.random(),
                CommentId.derive(SiteId.of("blog"), "c1"),
                SiteId.of("blog"),
                "p1",
                null,
                null,
                null,
                "ann",
                "Ann",
                "Buy now",
                Decision.HELD,
                DecisionSource.AUTOMATIC,
                null,
                1,
                Map.of("spam", 0.91),
                List.of(new Reason(ReasonCode.URL_SHORTENER, Severity.HOLD, "shortened link", 8, 20)),
                true,
                "3",
                "starter-1",
                AT,
                AT);
        assertThat(EventJson.read(EventJson.write(decided), CommentDecided.class))
                .isEqualTo(decided);

        // a moderator's decision that replaces it: the next in the comment's order, the evidence kept
        CommentDecided approved = decided.byModerator("mod-1", Decision.APPROVED, AT.plusSeconds(60));
        assertThat(approved.commentId()).isEqualTo(decided.commentId());
        assertThat(approved.eventId()).isNotEqualTo(decided.eventId());
        assertThat(approved.sequence()).isEqualTo(2);
        assertThat(approved.source()).isEqualTo(DecisionSource.MODERATOR);
        assertThat(approved.moderatorId()).isEqualTo("mod-1");
        assertThat(approved.decidedAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(approved.reasons()).isEqualTo(decided.reasons());
        assertThat(approved.partitionKey()).isEqualTo(decided.partitionKey());
    }

    @Test
    void anythingElseIsAnEventFormatException() {
        assertThatThrownBy(() -> EventJson.read("{not json", CommentSubmitted.class))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> EventJson.read("{\"siteId\":\"blog\"}", CommentSubmitted.class))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> EventJson.read("null", CommentSubmitted.class))
                .isInstanceOf(EventFormatException.class);
        assertThatThrownBy(() -> EventJson.read(null, CommentSubmitted.class)).isInstanceOf(EventFormatException.class);
        // a site whose key hash is not hex could not be held by a site registry
        String site = "{\"siteId\":\"blog\",\"name\":\"Blog\",\"changedAt\":\"2024-05-01T10:15:30Z\","
                + "\"apiKeys\":[{\"keyId\":\"k1\",\"sha256\":\"%s\"}]}";
        assertThat(EventJson.read(site.formatted("ab".repeat(32)), io.sherpa.common.events.SiteChanged.class)
                        .apiKeys())
                .hasSize(1);
        assertThatThrownBy(() -> EventJson.read(site.formatted("zz"), io.sherpa.common.events.SiteChanged.class))
                .isInstanceOf(EventFormatException.class);
    }

    private static CommentSubmitted aSubmission() {
        SiteId site = SiteId.of("blog");
        return new CommentSubmitted(
                EventId.parse("7f1d8f8e-3c1b-4c55-9d58-4cc3a3f0b8a1"),
                CommentId.derive(site, "c1"),
                site,
                "c1",
                "p1",
                "amber",
                null,
                null,
                null,
                null,
                null,
                new CommentSubmitted.Author("ann", "Ann", null, null),
                "Hello",
                AT,
                AT,
                CommentSubmitted.Envelope.NONE);
    }
}
