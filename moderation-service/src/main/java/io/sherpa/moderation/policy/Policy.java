package io.sherpa.moderation.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a site decides about its comments. Immutable; {@link #version} grows with every change and is
 * recorded in every decision made under it.
 *
 * @param version 0 for the built-in default, then 1, 2, … per change
 * @param mode {@code post} (decide, publish what is clean), {@code pre-newcomers} (hold every newcomer's
 *     first comment), {@code pre-all} (hold everything)
 * @param thresholds per score category ({@code spam}, {@code selfPromotion}, {@code toxicity},
 *     {@code duplicate}, {@code contactInfo}): hold at or above {@code hold}, reject at or above {@code reject}
 * @param bannedWords words and phrases that reject a comment (matched on word boundaries, case- and
 *     accent-insensitively)
 * @param suspectWords words and phrases that hold a comment
 * @param links link rules
 * @param trustedAuthors author ids whose comments are approved unless they contain a banned word
 * @param duplicateWindow how far back the same author's same text counts as a duplicate
 * @param flood how many comments one author may post in a window before the next is held
 */
public record Policy(
        long version,
        Mode mode,
        Map<String, Thresholds> thresholds,
        List<String> bannedWords,
        List<String> suspectWords,
        LinkRules links,
        List<String> trustedAuthors,
        Duration duplicateWindow,
        Flood flood) {

    public Policy {
        Objects.requireNonNull(mode, "mode");
        thresholds = Map.copyOf(thresholds);
        bannedWords = List.copyOf(bannedWords);
        suspectWords = List.copyOf(suspectWords);
        Objects.requireNonNull(links, "links");
        trustedAuthors = List.copyOf(trustedAuthors);
        Objects.requireNonNull(duplicateWindow, "duplicateWindow");
        Objects.requireNonNull(flood, "flood");
    }

    /** When comments are published. */
    public enum Mode {
        POST("post"),
        PRE_NEWCOMERS("pre-newcomers"),
        PRE_ALL("pre-all");

        private final String wire;

        Mode(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        public static Mode fromWire(String value) {
            for (Mode mode : values()) {
                if (mode.wire.equals(value)) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("mode must be one of post, pre-newcomers, pre-all");
        }
    }

    /** Hold at or above {@code hold}, reject at or above {@code reject}; both in 0..1, reject ≥ hold. */
    public record Thresholds(double hold, double reject) {}

    /**
     * @param maxLinks more links than this hold the comment
     * @param holdNewcomerLinks whether a newcomer's comment with any link (not on the allow list) is held
     * @param allowDomains domains never counted against a comment (and their subdomains)
     * @param denyDomains domains that reject a comment (and their subdomains)
     */
    public record LinkRules(
            int maxLinks, boolean holdNewcomerLinks, List<String> allowDomains, List<String> denyDomains) {
        public LinkRules {
            allowDomains = List.copyOf(allowDomains);
            denyDomains = List.copyOf(denyDomains);
        }
    }

    /** At most {@code maxComments} from one author within {@code window}; more are held. */
    public record Flood(int maxComments, Duration window) {}

    /** The policy of a site that has not set one. */
    public static Policy defaults() {
        return new Policy(
                0,
                Mode.POST,
                Map.of(
                        "spam", new Thresholds(0.50, 0.99),
                        "selfPromotion", new Thresholds(0.85, 0.99),
                        "toxicity", new Thresholds(0.50, 0.98),
                        "duplicate", new Thresholds(0.90, 0.99),
                        "contactInfo", new Thresholds(0.80, 1.0)),
                List.of(),
                List.of(
                        "viagra",
                        "cialis",
                        "casino bonus",
                        "payday loan",
                        "buy followers",
                        "crypto giveaway",
                        "make money fast",
                        "work from home and earn"),
                new LinkRules(2, true, List.of(), List.of()),
                List.of(),
                Duration.ofHours(24),
                new Flood(5, Duration.ofMinutes(1)));
    }

    public Policy withVersion(long next) {
        return new Policy(
                next, mode, thresholds, bannedWords, suspectWords, links, trustedAuthors, duplicateWindow, flood);
    }
}
