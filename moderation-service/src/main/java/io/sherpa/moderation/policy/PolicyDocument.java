package io.sherpa.moderation.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A policy as {@code GET|PUT /api/v1/policy} shows and takes it, and as it is stored. Every field is
 * optional in a PUT: what is left out takes the default.
 */
public record PolicyDocument(
        Long version,
        String mode,
        Map<String, Policy.Thresholds> thresholds,
        List<String> bannedWords,
        List<String> suspectWords,
        Links links,
        List<String> trustedAuthors,
        Long duplicateWindowSeconds,
        Flood flood,
        Instant updatedAt) {

    /** Link rules; see {@link Policy.LinkRules}. */
    public record Links(
            Integer maxLinks, Boolean holdNewcomerLinks, List<String> allowDomains, List<String> denyDomains) {}

    /** Flood rule; see {@link Policy.Flood}. */
    public record Flood(Integer maxComments, Long windowSeconds) {}

    public static PolicyDocument of(Policy p, Instant updatedAt) {
        return new PolicyDocument(
                p.version(),
                p.mode().wire(),
                new LinkedHashMap<>(p.thresholds()),
                p.bannedWords(),
                p.suspectWords(),
                new Links(
                        p.links().maxLinks(),
                        p.links().holdNewcomerLinks(),
                        p.links().allowDomains(),
                        p.links().denyDomains()),
                p.trustedAuthors(),
                p.duplicateWindow().toSeconds(),
                new Flood(p.flood().maxComments(), p.flood().window().toSeconds()),
                updatedAt);
    }

    /**
     * The policy this document describes, defaults filling what it leaves out.
     *
     * @throws IllegalArgumentException for an unknown mode
     */
    public Policy toPolicy(long assignedVersion) {
        Policy d = Policy.defaults();
        Map<String, Policy.Thresholds> merged = new LinkedHashMap<>(d.thresholds());
        if (thresholds != null) {
            merged.putAll(thresholds);
        }
        Links l = links == null ? new Links(null, null, null, null) : links;
        Flood f = flood == null ? new Flood(null, null) : flood;
        return new Policy(
                assignedVersion,
                mode == null ? d.mode() : Policy.Mode.fromWire(mode),
                merged,
                bannedWords == null ? d.bannedWords() : bannedWords,
                suspectWords == null ? d.suspectWords() : suspectWords,
                new Policy.LinkRules(
                        l.maxLinks() == null ? d.links().maxLinks() : l.maxLinks(),
                        l.holdNewcomerLinks() == null ? d.links().holdNewcomerLinks() : l.holdNewcomerLinks(),
                        l.allowDomains() == null ? d.links().allowDomains() : l.allowDomains(),
                        l.denyDomains() == null ? d.links().denyDomains() : l.denyDomains()),
                trustedAuthors == null ? d.trustedAuthors() : trustedAuthors,
                duplicateWindowSeconds == null ? d.duplicateWindow() : Duration.ofSeconds(duplicateWindowSeconds),
                new Policy.Flood(
                        f.maxComments() == null ? d.flood().maxComments() : f.maxComments(),
                        f.windowSeconds() == null ? d.flood().window() : Duration.ofSeconds(f.windowSeconds())));
    }
}
