package io.sherpa.moderation.scoring.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextNormalizerTest {

    @ParameterizedTest(name = "{0} reads {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "FREE money | free money",
                "ＦＲＥＥ ｍｏｎｅｙ | free money", // full-width (NFKC)
                "𝐟𝐫𝐞𝐞 money | free money", // mathematical bold (NFKC)
                "ﬁnance | finance", // ligature (NFKC)
                "fr\u200Be\u200De | free", // zero-width characters
                "fr\u202Eee\u202C | free", // bidi controls
                "fr\u00ADee | free", // soft hyphen
                "Café CRÈME | cafe creme", // accents, case
                "p\u0430yp\u0430l | paypal", // Cyrillic a inside a Latin word
                "\u0440\u0430\u0443\u0440\u0430l | paypal", // mostly Cyrillic look-alikes with one Latin letter
                "fr33 v1agra | free viagra", // leetspeak
                "ca$h n0w | cash now",
                "freeeeee | free", // stretched
                "soooooo goooood | soo good",
                "f.r.e.e | free", // spelled out
                "F R E E money | free money",
                "c-a-s-h | cash",
                "v_i_a_g_r_a | viagra",
                "win &amp; earn | win & earn", // entities
                "it&#39;s &#x27;free&#x27; | it's 'free'",
                "<b>free</b> money | free money", // tags
                "line<br />break | line break",
            })
    void undoesObfuscation(String raw, String expected) {
        assertThat(TextNormalizer.normalize(raw).text().strip()).isEqualTo(expected);
    }

    @Test
    void leavesOtherScriptsAndNumbersAlone() {
        assertThat(TextNormalizer.normalize("привет мир").text()).isEqualTo("привет мир");
        assertThat(TextNormalizer.normalize("call 0800 123 456").text()).isEqualTo("call 0800 123 456");
        assertThat(TextNormalizer.normalize("I am a b c").text()).isEqualTo("i am a b c");
        assertThat(TextNormalizer.normalize("mail me at bob@example.com").text())
                .isEqualTo("mail me at bob@example.com");
    }

    @Test
    void spansPointAtTheOriginalText() {
        String raw = "Get <b>ＦＲＥＥ</b> c\u200Ba$h at f.r.e.e-stuff, fr33eeee!";
        NormalizedText n = TextNormalizer.normalize(raw);
        assertThat(original(n, "free")).isEqualTo("ＦＲＥＥ");
        assertThat(original(n, "cash")).isEqualTo("c\u200Ba$h");
        int spelled = n.text().indexOf("free-stuff");
        assertThat(raw.substring(n.originalStart(spelled), n.originalEnd(spelled + 4)))
                .isEqualTo("f.r.e.e");
        int stretched = n.text().lastIndexOf("free");
        assertThat(raw.substring(n.originalStart(stretched), n.originalEnd(stretched + 4)))
                .isEqualTo("fr33eeee");
    }

    @Test
    void emptyAndPlainTextsAreCheap() {
        assertThat(TextNormalizer.normalize("").text()).isEmpty();
        NormalizedText plain = TextNormalizer.normalize("hello there");
        assertThat(plain.text()).isEqualTo("hello there");
        assertThat(plain.originalStart(6)).isEqualTo(6);
        assertThat(plain.originalEnd(11)).isEqualTo(11);
    }

    private static String original(NormalizedText n, String needle) {
        int at = n.text().indexOf(needle);
        assertThat(at).as("'%s' in '%s'", needle, n.text()).isGreaterThanOrEqualTo(0);
        return n.original().substring(n.originalStart(at), n.originalEnd(at + needle.length()));
    }
}
