package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import java.util.List;

/**
 * {@code NEWCOMER}: the author's first comment on this site. A note, not a hold: newcomers are welcome.
 * (The policy's {@code pre-newcomers} mode and link rules decide what else a first comment needs.)
 */
final class NewcomerSignal implements Signal {

    @Override
    public String name() {
        return "newcomer";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        if (!input.history().isNewcomer()) {
            return List.of();
        }
        return List.of(Verdict.of(ReasonCode.NEWCOMER, Severity.INFO, "First comment of this author on this site"));
    }
}
