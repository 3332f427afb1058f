package io.sherpa.moderation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.json.EventJson;
import io.sherpa.moderation.policy.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The seed thread through the scorer with the default policy, history built as the pipeline builds it. */
class SeedThreadScoringTest {

    @Test
    void decidesTheSeedThreadAsAModeratorWould() throws Exception {
        Path seed = Path.of("../../shared/fixtures/seed-thread.jsonl");
        Assumptions.assumeTrue(Files.exists(seed), "seed thread not present");
        Scorer scorer = new Scorer(Signals.standard());
        Map<String, AuthorHistory> histories = new HashMap<>();
        Map<String, Assessment> decided = new LinkedHashMap<>();
        for (String line : Files.readAllLines(seed)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> item = EventJson.mapper().readValue(line, Map.class);
            if (!"comment".equals(item.get("type"))) {
                continue;
            }
            String author = (String) ((Map<?, ?>) item.get("author")).get("id");
            String text = (String) item.get("text");
            Instant at = Instant.parse((String) item.get("createdAt"));
            String id = (String) item.get("externalId");
            AuthorHistory history = histories.getOrDefault(author, AuthorHistory.none());
            Assessment a = scorer.assess(new ScoringInput(
                    new Comment(id, "demo", author, author, text, "sherpa-post", at), history, Policy.defaults(), at));
            decided.put(id, a);
            List<AuthorHistory.PriorComment> recent = new ArrayList<>(history.recent());
            recent.add(new AuthorHistory.PriorComment(id, TextTokens.fingerprint(text), at));
            histories.put(author, new AuthorHistory(history.total() + 1, recent));
        }

        for (String second : List.of("c1b", "c2b", "c3b", "c4b", "c5b", "c6b", "c7b", "c8b")) {
            assertThat(decided.get(second).decision()).as(second).isNotEqualTo(Decision.APPROVED);
            assertThat(codes(decided.get(second))).as(second).contains(ReasonCode.DUPLICATE);
        }
        assertThat(decided.get("c5a").decision()).isEqualTo(Decision.HELD);
        assertThat(codes(decided.get("c5a"))).contains(ReasonCode.CONTACT_INFO);
        assertThat(decided.get("c8a").decision()).isEqualTo(Decision.HELD);
        assertThat(codes(decided.get("c8a"))).contains(ReasonCode.URL_SHORTENER);
        for (String fine : List.of("c1a", "c2a", "c3a", "c4a", "c6a", "c7a")) {
            assertThat(decided.get(fine).decision())
                    .as(fine + " " + decided.get(fine).reasons())
                    .isEqualTo(Decision.APPROVED);
        }
    }

    private static List<ReasonCode> codes(Assessment a) {
        return a.reasons().stream().map(Reason::code).toList();
    }
}
