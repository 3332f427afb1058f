package io.sherpa.moderation.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeaturesTest {

    @Test
    void digitsSpreadOverSeveralWordsCountTogether() {
        // no single word here is a long number: only the count over the whole text shows a phone number
        assertThat(shapes("Call 0906 170 1461 before Friday"))
                .contains("many digits")
                .doesNotContain("a long number");
        assertThat(shapes("See you at 7 tomorrow")).contains("a few digits");
        assertThat(shapes("See you tomorrow")).contains("no digits");
    }

    @Test
    void aRunOfPunctuationIsATokenOfItsOwn() {
        Features plain = new Features(Trainer.BITS).extract(TextNormalizer.normalize("tones ready to download"));
        Features marked = new Features(Trainer.BITS).extract(TextNormalizer.normalize("tones ready to download >>>"));
        Features twice =
                new Features(Trainer.BITS).extract(TextNormalizer.normalize("tones >>> ready to download >>>"));
        assertThat(marked.size()).isEqualTo(plain.size() + 1);
        assertThat(twice.size()).as("counts once").isEqualTo(marked.size());
    }

    @Test
    void everyFeatureCountsOnceAndTheVectorHasUnitLength() {
        Features f = new Features(Trainer.BITS).extract(TextNormalizer.normalize("free free FREE 150p 150p"));
        double norm = 0;
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            norm += f.value(i) * f.value(i);
            assertThat(seen).doesNotContain(f.index(i));
            seen.add(f.index(i));
        }
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    private static List<String> shapes(String text) {
        Features f = new Features(Trainer.BITS).extract(TextNormalizer.normalize(text));
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < f.size(); i++) {
            Features.Evidence e = f.describe(i, 0);
            if (e.start() == null) {
                shapes.add(e.text());
            }
        }
        return shapes;
    }
}
