package io.sherpa.moderation.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTrainingTest {

    /** Headline-and-link posts a news community writes all day: a link drop to the starter spam model. */
    private static final List<String> HEADLINES = List.of(
            "City council approves new bike lanes downtown http://news.example/a1",
            "Council vote on the harbour bridge delayed again http://news.example/b2",
            "New library opens on Main Street this weekend http://news.example/c3",
            "Storm closes the coast road, detours in place http://news.example/d4",
            "School board names a new superintendent http://news.example/e5",
            "Farmers market moves to the old rail yard http://news.example/f6");

    @Test
    void aCommentAcceptedInOneCategoryIsAcceptedInTheOther() {
        List<Example> toxicity = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String headline = HEADLINES.get(i % HEADLINES.size());
            toxicity.add(new Example(headline.replace("http://news.example/", "http://news.example/" + i), false));
        }
        toxicity.add(new Example("you are a worthless idiot", true));

        Models taught = ModelTraining.train("t", List.of(), toxicity);
        Models starter = Models.starter();

        String unseen = "Council approves the harbour bridge budget http://news.example/z9";
        Features f = new Features(Trainer.BITS);
        double before = starter.spam().score(f.extract(TextNormalizer.normalize(unseen)));
        double after = taught.spam().score(f.extract(TextNormalizer.normalize(unseen)));
        assertThat(after).as("spam score of a headline like the accepted ones").isLessThan(before);

        String pitch = "Buy cheap followers now, best prices, visit http://cheap-followers.example";
        assertThat(taught.spam().score(f.extract(TextNormalizer.normalize(pitch))))
                .as("what the site accepted does not teach the spam model that a sales pitch is fine")
                .isGreaterThan(0.5);
    }

    @Test
    void whatIsAcceptedElsewhereNeitherFadesTheStarterNorMovesThePrior() {
        List<Example> manyAccepted = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            manyAccepted.add(new Example("thanks for the post number " + i, false));
        }
        Models taught = ModelTraining.train("t", List.of(), manyAccepted);
        Features f = new Features(Trainer.BITS);
        for (String spam : List.of(
                "Earn $500 a day from home, click here http://easy-money.example",
                "Check out my channel and subscribe!!! http://tube.example/c/me")) {
            assertThat(taught.spam().score(f.extract(TextNormalizer.normalize(spam))))
                    .as(spam)
                    .isGreaterThan(0.5);
        }
    }
}
