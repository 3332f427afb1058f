package io.sherpa.moderation.learning;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModeratorLessonsTest {

    @Test
    void aRejectionTeachesWhatTheCommentWasHeldFor() {
        Reason linkHeld = reason(ReasonCode.LINK, Severity.HOLD);
        Reason toxicityNote = reason(ReasonCode.TOXICITY, Severity.INFO);
        Reason toxicityHeld = reason(ReasonCode.TOXICITY, Severity.HOLD);
        Reason premoderated = reason(ReasonCode.PREMODERATION, Severity.HOLD);

        assertThat(ModeratorLessons.taughtByRejection(List.of(linkHeld, toxicityNote)))
                .as("a link drop with a low toxicity note")
                .containsExactly("spam");
        assertThat(ModeratorLessons.taughtByRejection(List.of(toxicityHeld))).containsExactly("toxicity");
        assertThat(ModeratorLessons.taughtByRejection(
                        List.of(toxicityHeld, reason(ReasonCode.SPAM_MODEL, Severity.HOLD))))
                .containsExactlyInAnyOrder("toxicity", "spam");
        assertThat(ModeratorLessons.taughtByRejection(List.of(premoderated, toxicityNote)))
                .as("held only because the site reviews everything; the note is the hint")
                .containsExactly("toxicity");
        assertThat(ModeratorLessons.taughtByRejection(List.of(premoderated))).containsExactly("spam");
        assertThat(ModeratorLessons.taughtByRejection(List.of(reason(ReasonCode.BANNED_WORD, Severity.REJECT))))
                .containsExactly("toxicity");
    }

    private static Reason reason(ReasonCode code, Severity severity) {
        return new Reason(code, severity, code.name(), null, null);
    }
}
