package io.sherpa.moderation.scoring;

import io.sherpa.common.events.ReasonCode;
import io.sherpa.common.events.Severity;
import io.sherpa.moderation.scoring.text.NormalizedText;
import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code BANNED_WORD} (rejects) and {@code SUSPECT_WORD} (holds) from the site's lists. Words and phrases
 * are matched on word boundaries in the normalised text (so "v1agra" and "ｖｉａｇｒａ" match "viagra"),
 * token by token: linear in the text
 * times the longest phrase, with no user-supplied regular expression anywhere (so no ReDoS).
 */
final class WordListSignal implements Signal {

    private static final Map<List<String>, Map<String, List<String[]>>> INDEXES = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "word-lists";
    }

    @Override
    public List<Verdict> evaluate(ScoringInput input) {
        NormalizedText normalized = input.normalized();
        List<TextTokens.Token> tokens = normalized.words().stream()
                .map(w -> new TextTokens.Token(
                        normalized.originalStart(w.start()), normalized.originalEnd(w.end()), w.text()))
                .toList();
        List<Verdict> verdicts = new ArrayList<>();
        match(
                tokens,
                input.policy().bannedWords(),
                ReasonCode.BANNED_WORD,
                Severity.REJECT,
                "Banned by this site",
                verdicts);
        match(
                tokens,
                input.policy().suspectWords(),
                ReasonCode.SUSPECT_WORD,
                Severity.HOLD,
                "On this site's watch list",
                verdicts);
        return verdicts;
    }

    private static void match(
            List<TextTokens.Token> tokens,
            List<String> phrases,
            ReasonCode code,
            Severity severity,
            String why,
            List<Verdict> out) {
        if (phrases.isEmpty() || tokens.isEmpty()) {
            return;
        }
        Map<String, List<String[]>> byFirstWord = indexOf(phrases);
        for (int i = 0; i < tokens.size(); i++) {
            List<String[]> candidates = byFirstWord.get(tokens.get(i).folded());
            if (candidates == null) {
                continue;
            }
            for (String[] words : candidates) {
                if (matchesAt(tokens, i, words)) {
                    TextTokens.Token last = tokens.get(i + words.length - 1);
                    out.add(Verdict.at(
                                    code,
                                    severity,
                                    why + ": \"" + String.join(" ", words) + "\"",
                                    tokens.get(i).start(),
                                    last.end())
                            .scoring(
                                    code == ReasonCode.BANNED_WORD ? "toxicity" : "spam",
                                    code == ReasonCode.BANNED_WORD ? 0.5 : 0.3));
                    break;
                }
            }
        }
    }

    /** Phrase lists change only with a policy: each is indexed once, by its first normalised word. */
    private static Map<String, List<String[]>> indexOf(List<String> phrases) {
        Map<String, List<String[]>> cached = INDEXES.get(phrases);
        if (cached != null) {
            return cached;
        }
        Map<String, List<String[]>> byFirstWord = new HashMap<>();
        for (String phrase : phrases) {
            String[] words = TextNormalizer.normalize(phrase).words().stream()
                    .map(NormalizedText.Word::text)
                    .toArray(String[]::new);
            if (words.length > 0) {
                byFirstWord.computeIfAbsent(words[0], w -> new ArrayList<>()).add(words);
            }
        }
        if (INDEXES.size() > 10_000) {
            INDEXES.clear();
        }
        INDEXES.put(List.copyOf(phrases), byFirstWord);
        return byFirstWord;
    }

    private static boolean matchesAt(List<TextTokens.Token> tokens, int at, String[] words) {
        if (at + words.length > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.length; k++) {
            if (!tokens.get(at + k).folded().equals(words[k])) {
                return false;
            }
        }
        return true;
    }
}
