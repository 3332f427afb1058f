package io.sherpa.moderation.scoring.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The starter corpus is Sherpa's own writing: no row of it may be (nearly) a row of the labelled datasets
 * it is measured on. Skipped where {@code ../shared/datasets} is absent.
 */
class StarterCorpusTest {

    private static final Path DATASETS = Path.of("../../shared/datasets");

    @Test
    void sharesNoRowWithTheEvaluationData() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DATASETS), "datasets not present");
        List<Set<String>> rows = new ArrayList<>();
        Map<String, List<Integer>> byWord = new HashMap<>();
        try (Stream<Path> files = Files.walk(DATASETS)) {
            for (Path csv : files.filter(f -> f.toString().endsWith(".csv")).toList()) {
                for (LabelledTexts.Row row : LabelledTexts.csv(Files.readString(csv))) {
                    Set<String> words = words(row.text());
                    for (String w : words) {
                        byWord.computeIfAbsent(w, k -> new ArrayList<>()).add(rows.size());
                    }
                    rows.add(words);
                }
            }
        }
        List<String> copies = new ArrayList<>();
        for (Example e : concat(ModelTraining.StarterCorpus.SPAM, ModelTraining.StarterCorpus.TOXICITY)) {
            Set<String> mine = words(e.text());
            Set<Integer> candidates = new HashSet<>();
            for (String w : mine) {
                candidates.addAll(byWord.getOrDefault(w, List.of()));
            }
            for (int c : candidates) {
                Set<String> theirs = rows.get(c);
                long shared = mine.stream().filter(theirs::contains).count();
                double jaccard = (double) shared / (mine.size() + theirs.size() - shared);
                if (mine.equals(theirs) || (mine.size() >= 4 && jaccard >= 0.5)) {
                    copies.add(e.text());
                    break;
                }
            }
        }
        assertThat(copies).as("starter rows that are (nearly) dataset rows").isEmpty();
    }

    private static List<Example> concat(List<Example> a, List<Example> b) {
        List<Example> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> words(String text) {
        Set<String> words = new HashSet<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
