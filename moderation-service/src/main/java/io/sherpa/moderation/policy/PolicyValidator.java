package io.sherpa.moderation.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks a policy for nonsense (reject below hold, empty words, absurd limits) and lists every problem. */
public final class PolicyValidator {

    public static final Set<String> CATEGORIES =
            Set.of("spam", "selfPromotion", "toxicity", "duplicate", "contactInfo");

    static final int MAX_WORDS = 5_000;
    static final int MAX_WORD_LENGTH = 100;

    private PolicyValidator() {}

    /** A problem with one field of a policy. */
    public record Problem(String field, String message) {}

    public static List<Problem> validate(Policy policy) {
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, Policy.Thresholds> entry : policy.thresholds().entrySet()) {
            String field = "thresholds." + entry.getKey();
            if (!CATEGORIES.contains(entry.getKey())) {
                problems.add(new Problem(field, "unknown category; known: " + String.join(", ", CATEGORIES)));
                continue;
            }
            Policy.Thresholds t = entry.getValue();
            if (t == null) {
                problems.add(new Problem(field, "needs hold and reject"));
                continue;
            }
            if (t.hold() < 0 || t.hold() > 1 || t.reject() < 0 || t.reject() > 1) {
                problems.add(new Problem(field, "hold and reject must be between 0 and 1"));
            } else if (t.reject() < t.hold()) {
                problems.add(
                        new Problem(field, "reject (" + t.reject() + ") must not be below hold (" + t.hold() + ")"));
            }
        }
        words(policy.bannedWords(), "bannedWords", problems);
        words(policy.suspectWords(), "suspectWords", problems);
        Policy.LinkRules links = policy.links();
        if (links.maxLinks() < 0 || links.maxLinks() > 1000) {
            problems.add(new Problem("links.maxLinks", "must be between 0 and 1000"));
        }
        domains(links.allowDomains(), "links.allowDomains", problems);
        domains(links.denyDomains(), "links.denyDomains", problems);
        if (policy.trustedAuthors().size() > MAX_WORDS) {
            problems.add(new Problem("trustedAuthors", "at most " + MAX_WORDS + " authors"));
        }
        if (policy.duplicateWindow().isNegative() || policy.duplicateWindow().compareTo(Duration.ofDays(30)) > 0) {
            problems.add(new Problem("duplicateWindow", "must be between 0 and 30 days"));
        }
        if (policy.flood().maxComments() < 1 || policy.flood().maxComments() > 10_000) {
            problems.add(new Problem("flood.maxComments", "must be between 1 and 10000"));
        }
        if (policy.flood().window().isNegative()
                || policy.flood().window().isZero()
                || policy.flood().window().compareTo(Duration.ofDays(1)) > 0) {
            problems.add(new Problem("flood.window", "must be between 1 second and 1 day"));
        }
        return problems;
    }

    private static void words(List<String> words, String field, List<Problem> problems) {
        if (words.size() > MAX_WORDS) {
            problems.add(new Problem(field, "at most " + MAX_WORDS + " entries"));
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (word == null || word.isBlank()) {
                problems.add(new Problem(field + "[" + i + "]", "must not be blank"));
            } else if (word.length() > MAX_WORD_LENGTH) {
                problems.add(new Problem(field + "[" + i + "]", "longer than " + MAX_WORD_LENGTH + " characters"));
            }
        }
    }

    private static void domains(List<String> domains, String field, List<Problem> problems) {
        for (int i = 0; i < domains.size(); i++) {
            String d = domains.get(i);
            if (d == null || !d.matches("[A-Za-z0-9.-]{1,253}") || !d.contains(".")) {
                problems.add(new Problem(field + "[" + i + "]", "must be a domain name such as example.org"));
            }
        }
    }
}
