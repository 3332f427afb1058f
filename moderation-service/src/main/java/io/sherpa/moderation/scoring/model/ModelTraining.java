package io.sherpa.moderation.scoring.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * How a site's models are made: the starter corpus that ships with Sherpa plus what the site taught
 * (uploaded files, moderators' decisions), fitted per category. The same path serves a fresh install
 * (no site examples), {@code POST /api/v1/training}, online learning and the {@code evaluate} command.
 */
public final class ModelTraining {

    private ModelTraining() {}

    /** How common spam is among comments when a site has not said otherwise (about half, or more). */
    static final double SPAM_PRIOR = 0.5;

    /** How common abuse is when a site has not said otherwise: a few comments in a hundred. */
    static final double TOXICITY_PRIOR = 0.03;

    /** From this much taught weight on, a site's own share of positives informs its prior. */
    static final double OWN_PRIOR_FROM = 200;

    /**
     * How far (in log odds) such a site's prior moves from even odds towards its own share of positives.
     * The whole way would make a model that learnt from a few spam among many texts call most of its
     * spam unlikely; 0.35 was chosen by cross-validating the training files (docs/quality.md).
     */
    static final double OWN_PRIOR_PULL = 0.35;

    /** The starter corpus counts fully until a site taught this many examples, then fades. */
    static final double STARTER_FADES_AFTER = 300;

    /**
     * Fits both models. A comment the site accepted (a negative example) is accepted in every category: a
     * news site's headline-and-link that it taught as "not abusive" is not a link drop either, just as a
     * moderator's approval teaches both models. Such examples from the other category join the fit but
     * neither fade the starter corpus nor move the prior, so uploading only one category's file does not
     * weaken the other model.
     */
    public static Models train(String version, List<Example> spamExamples, List<Example> toxicityExamples) {
        return new Models(
                version,
                fit(StarterCorpus.SPAM, spamExamples, accepted(toxicityExamples), SPAM_PRIOR),
                fit(StarterCorpus.TOXICITY, toxicityExamples, accepted(spamExamples), TOXICITY_PRIOR));
    }

    /**
     * The starter corpus plus what the site taught; the starter's weight fades as the site's own examples
     * grow (a site's own data describes its comments better than any generic corpus). The regression
     * learns from classes balanced, so what it says is evidence for or against; the prior odds are then set
     * from how common the category is: the default when the site taught little, else part of the way (in
     * log odds, {@link #OWN_PRIOR_PULL}) towards the site's own share of positives. So a fresh install
     * does not call every short chat message abusive for lack of examples, and a site whose uploads are
     * mostly spam gets a model that expects more spam.
     */
    private static List<Example> accepted(List<Example> examples) {
        return examples.stream().filter(e -> !e.positive()).toList();
    }

    private static LinearModel fit(
            List<Example> starter, List<Example> taught, List<Example> acceptedElsewhere, double defaultPrior) {
        double starterWeight = Math.min(1, STARTER_FADES_AFTER / Math.max(1, taught.size()));
        List<Example> all = new ArrayList<>(starter.size() + taught.size());
        for (Example e : starter) {
            all.add(new Example(e.text(), e.positive(), e.weight() * starterWeight));
        }
        all.addAll(taught);
        all.addAll(acceptedElsewhere);
        double weight = 0;
        double positive = 0;
        for (Example e : taught) {
            weight += e.weight();
            positive += e.positive() ? e.weight() : 0;
        }
        double logOdds;
        if (weight >= OWN_PRIOR_FROM) {
            double own = Math.min(0.95, Math.max(0.05, positive / weight));
            logOdds = OWN_PRIOR_PULL * Math.log(own / (1 - own));
        } else {
            logOdds = Math.log(defaultPrior / (1 - defaultPrior));
        }
        return new Trainer().train(all).withPrior(logOdds);
    }

    /** The labelled texts in {@code scoring/starter-*.csv}, written for Sherpa (no third-party data). */
    static final class StarterCorpus {
        static final List<Example> SPAM = read("scoring/starter-spam.csv");
        static final List<Example> TOXICITY = read("scoring/starter-toxicity.csv");

        private static List<Example> read(String resource) {
            try (InputStream in = ModelTraining.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("Missing " + resource + " on the class path");
                }
                return LabelledTexts.csv(new String(in.readAllBytes(), StandardCharsets.UTF_8)).stream()
                        .map(row -> new Example(row.text(), row.positive()))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
