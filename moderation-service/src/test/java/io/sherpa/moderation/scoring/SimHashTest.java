package io.sherpa.moderation.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.moderation.scoring.text.TextNormalizer;
import org.junit.jupiter.api.Test;

class SimHashTest {

    private static long hash(String s) {
        return SimHash.of(TextNormalizer.normalize(s));
    }

    @Test
    void nearlyTheSameTextsAreWithinTheDistance() {
        String original = "I made 5000 dollars last month working from home, ask me how on my profile page today";
        String edited = "i made 5000 dollars last month working from home!! ask me how on my profile page today";
        String obfuscated = "I m4de 5000 dollars last month w0rking from home, ask me how on my profile page today";
        assertThat(SimHash.distance(hash(original), hash(edited))).isLessThanOrEqualTo(SimHash.MAX_DISTANCE);
        assertThat(SimHash.distance(hash(original), hash(obfuscated))).isLessThanOrEqualTo(SimHash.MAX_DISTANCE);
    }

    @Test
    void differentTextsAreFarApart() {
        long a = hash("I made 5000 dollars last month working from home, ask me how on my profile page today");
        long b = hash("The recipe worked well but I used less sugar and baked it for ten more minutes at home");
        assertThat(SimHash.distance(a, b)).isGreaterThan(SimHash.MAX_DISTANCE * 3);
    }

    @Test
    void shortTextsHaveNoHash() {
        assertThat(hash("Great post, thanks!")).isZero();
    }

    @Test
    void nearDuplicatesShareABand() {
        long a = hash("I made 5000 dollars last month working from home, ask me how on my profile page today");
        long b = hash("i made 5000 dollars last month working from home!! ask me how on my profile page today");
        boolean shared = false;
        for (int band = 0; band < SimHash.BANDS; band++) {
            shared |= SimHash.band(a, band) == SimHash.band(b, band);
        }
        assertThat(shared).isTrue();
    }
}
