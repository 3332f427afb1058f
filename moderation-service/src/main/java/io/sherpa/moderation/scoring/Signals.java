package io.sherpa.moderation.scoring;

import java.util.List;

/** Every signal Sherpa runs, in one place: adding a signal is one class plus one line here. */
public final class Signals {

    private Signals() {}

    public static List<Signal> standard() {
        return List.of(
                new DuplicateSignal(),
                new NearDuplicateSignal(),
                new ModelSignal(),
                new LinkSignal(),
                new ContactInfoSignal(),
                new WordListSignal(),
                new SelfPromotionSignal(),
                new NewcomerSignal(),
                new FloodSignal());
    }
}
