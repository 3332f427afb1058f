package io.sherpa.moderation.scoring.model;

/** One labelled text to learn from; {@code weight} says how much it counts (a moderator's call counts more). */
public record Example(String text, boolean positive, double weight) {

    public Example(String text, boolean positive) {
        this(text, positive, 1.0);
    }
}
