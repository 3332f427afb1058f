package io.sherpa.moderation.scoring.model;

import java.util.Objects;

/**
 * The learned models one site is scored with, and the version recorded in every decision made with them
 * ({@code starter-1} for what ships in the box, {@code <site>-<n>} once a site has trained its own).
 */
public record Models(String version, LinearModel spam, LinearModel toxicity) {

    public Models {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(spam, "spam");
        Objects.requireNonNull(toxicity, "toxicity");
        if (spam.bits() != toxicity.bits()) {
            throw new IllegalArgumentException("Both models must hash features alike");
        }
    }

    /** The models trained from the corpus that ships with Sherpa (trained once per JVM, on first use). */
    public static Models starter() {
        return Starter.MODELS;
    }

    private static final class Starter {
        static final Models MODELS = ModelTraining.train("starter-1", java.util.List.of(), java.util.List.of());
    }
}
