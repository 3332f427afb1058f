package io.sherpa.moderation.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinearModelTest {

    private static final List<String> SPAMMY = List.of(
            "cheap watches here",
            "buy cheap pills",
            "cheap loans today",
            "watches and pills cheap",
            "win cheap prizes");
    private static final List<String> FINE = List.of(
            "lovely recipe, thanks",
            "I tried this at home",
            "thanks for the recipe",
            "great photos of the trip",
            "my kids loved it");

    @Test
    void learnsASeparableSet() {
        LinearModel model = new Trainer().train(toySet());
        Features f = new Features(Trainer.BITS);
        for (String s : SPAMMY) {
            assertThat(model.score(f.extract(TextNormalizer.normalize(s))))
                    .as(s)
                    .isGreaterThan(0.5);
        }
        for (String s : FINE) {
            assertThat(model.score(f.extract(TextNormalizer.normalize(s))))
                    .as(s)
                    .isLessThan(0.5);
        }
        assertThat(model.score(f.extract(TextNormalizer.normalize("CHEAP ch3ap watches"))))
                .isGreaterThan(model.score(f.extract(TextNormalizer.normalize("the trip recipe"))));
    }

    @Test
    void savedModelLoadsAndScoresIdentically() {
        LinearModel model = new Trainer().train(toySet());
        LinearModel loaded = LinearModel.fromBytes(model.toBytes());
        Features f = new Features(Trainer.BITS);
        for (String s : List.of("cheap pills", "lovely trip", "something else entirely", "")) {
            f.extract(TextNormalizer.normalize(s));
            assertThat(loaded.score(f)).isEqualTo(model.score(f));
        }
    }

    @Test
    void corruptBytesAreRefused() {
        assertThatThrownBy(() -> LinearModel.fromBytes(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void evidenceNamesTheWordsThatWeighedAndWhereTheyAre() {
        LinearModel model = new Trainer().train(toySet());
        String text = "Hello, CHEAP watches!";
        Features f = new Features(Trainer.BITS).extract(TextNormalizer.normalize(text));
        List<Features.Evidence> evidence = model.evidence(f, 3);
        assertThat(evidence).isNotEmpty();
        Features.Evidence top = evidence.get(0);
        assertThat(text.substring(top.start(), top.end()).toLowerCase(java.util.Locale.ROOT))
                .isEqualTo(top.text());
        assertThat(evidence).extracting(Features.Evidence::text).anyMatch(t -> t.contains("cheap"));
    }

    @Test
    void trainingIsDeterministic() {
        LinearModel a = new Trainer().train(toySet());
        LinearModel b = new Trainer().train(toySet());
        assertThat(a.toBytes()).isEqualTo(b.toBytes());
    }

    private static List<Example> toySet() {
        List<Example> examples = new ArrayList<>();
        SPAMMY.forEach(s -> examples.add(new Example(s, true)));
        FINE.forEach(s -> examples.add(new Example(s, false)));
        return examples;
    }
}
