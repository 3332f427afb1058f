package io.sherpa.moderation.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelledTextsTest {

    @Test
    void readsQuotedFieldsLineBreaksAndExtraColumns() {
        var rows = LabelledTexts.csv("\uFEFFid,text,label,extra\r\n"
                + "a,\"Hello, \"\"world\"\"\nsecond line\",ham,x\n"
                + "b,buy now,spam,\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).text()).isEqualTo("Hello, \"world\"\nsecond line");
        assertThat(rows.get(0).positive()).isFalse();
        assertThat(rows.get(1).positive()).isTrue();
    }

    @Test
    void namesTheLineOfWhatIsWrong() {
        assertThatThrownBy(() -> LabelledTexts.csv("text,label\nfine,ham\n\"broken,spam\n"))
                .isInstanceOf(LabelledTexts.MalformedException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("never closed");
        assertThatThrownBy(() -> LabelledTexts.csv("text,label\nfine,ham\nodd,maybe\n"))
                .hasMessageContaining("line 3")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> LabelledTexts.csv("words,kind\nx,ham\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> LabelledTexts.csv("text,label\nonly-one-field\n"))
                .hasMessageContaining("line 2");
    }
}
