package io.sherpa.moderation.evaluation;

import io.sherpa.common.events.Decision;
import io.sherpa.common.events.Reason;
import io.sherpa.moderation.policy.Policy;
import io.sherpa.moderation.scoring.Assessment;
import io.sherpa.moderation.scoring.AuthorHistory;
import io.sherpa.moderation.scoring.Comment;
import io.sherpa.moderation.scoring.Scorer;
import io.sherpa.moderation.scoring.ScoringInput;
import io.sherpa.moderation.scoring.Signals;
import io.sherpa.moderation.scoring.model.Example;
import io.sherpa.moderation.scoring.model.LabelledTexts;
import io.sherpa.moderation.scoring.model.ModelTraining;
import io.sherpa.moderation.scoring.model.Models;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * {@code evaluate --category spam|toxicity [--train TRAIN.csv] --test TEST.csv [--predictions OUT.csv]}, or
 * {@code evaluate --category spam|toxicity --train TRAIN.csv --folds K [--seed S] [--predictions OUT.csv]}.
 *
 * <p>With {@code --train}, the category's model learns from the file exactly as a site's would from {@code
 * POST /api/v1/training} (the starter corpus plus the file); without it, the models that ship in the box
 * score. Each test text is scored by every signal under the default policy, as the comment of an
 * established author with a clean record: the files carry no author, thread or timing, so the signals that
 * need them (newcomer, flood, duplicate, campaign) have nothing to see, and what is measured is what the
 * text alone earns. A positive is a comment that is not APPROVED; the AUC ranks by the category's score.
 * Prints a table, then the figures as one JSON object on the last line.
 *
 * <p>With {@code --folds K}, K-fold cross-validation of the training file instead: its rows are shuffled (seed
 * {@code S}, default 1), split into K folds, and each fold is scored by models that learned from the other
 * K − 1; the figures are those of every row, pooled. This is how a change to the scorer is chosen without
 * looking at the test file (docs/quality.md): the same command with another seed shows how much of a
 * difference is noise.
 */
public final class Evaluation {

    private Evaluation() {}

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException bad) {
            err.println(bad.getMessage());
            err.println(
                    "usage: evaluate --category spam|toxicity [--train TRAIN.csv] --test TEST.csv [--predictions OUT.csv]\n"
                            + "       evaluate --category spam|toxicity --train TRAIN.csv --folds K [--seed S]"
                            + " [--predictions OUT.csv]");
            return 2;
        }
        try {
            Result result = evaluate(options, out);
            out.println(result.table());
            out.println(result.json());
            return 0;
        } catch (IOException | LabelledTexts.MalformedException | TooFewRows e) {
            err.println("evaluate: " + e.getMessage());
            return 1;
        }
    }

    static Result evaluate(Options options, PrintStream out) throws IOException {
        if (options.folds() > 0) {
            return crossValidate(options, out);
        }
        long started = System.nanoTime();
        Models models = Models.starter();
        if (options.train() != null) {
            List<Example> examples = examples(read(options.train()));
            models = train(options.category(), examples);
            out.printf(
                    Locale.ROOT,
                    "trained the %s model on %d texts from %s in %d ms%n",
                    options.category(),
                    examples.size(),
                    options.train(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        List<LabelledTexts.Row> rows = read(options.test());
        Scored scored = new Scored(rows.size());
        long scoring = System.nanoTime();
        scored.score(options.category(), models, rows, 0);
        double micros = (System.nanoTime() - scoring) / 1000.0 / Math.max(1, rows.size());
        return scored.report(options, out, micros);
    }

    /** K-fold cross-validation of {@code --train}: each fold scored by models fitted on the others. */
    private static Result crossValidate(Options options, PrintStream out) throws IOException {
        List<LabelledTexts.Row> rows = new ArrayList<>(read(options.train()));
        if (rows.size() < options.folds()) {
            throw new TooFewRows(
                    options.train() + " has " + rows.size() + " rows, fewer than " + options.folds() + " folds");
        }
        Collections.shuffle(rows, new Random(options.seed()));
        int k = options.folds();
        Scored scored = new Scored(rows.size());
        long scoringNanos = 0;
        int at = 0;
        for (int fold = 0; fold < k; fold++) {
            List<LabelledTexts.Row> held = new ArrayList<>();
            List<LabelledTexts.Row> learned = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                (i % k == fold ? held : learned).add(rows.get(i));
            }
            Models models = train(options.category(), examples(learned));
            long scoring = System.nanoTime();
            scored.score(options.category(), models, held, at);
            scoringNanos += System.nanoTime() - scoring;
            at += held.size();
        }
        out.printf(
                Locale.ROOT,
                "cross-validated: %d folds of the %d texts of %s (shuffled with seed %d), each scored by models that"
                        + " learned from the other %d%n",
                k,
                rows.size(),
                options.train(),
                options.seed(),
                k - 1);
        return scored.report(options, out, scoringNanos / 1000.0 / rows.size());
    }

    static final class TooFewRows extends RuntimeException {
        TooFewRows(String message) {
            super(message);
        }
    }

    private static List<LabelledTexts.Row> read(Path file) throws IOException {
        return LabelledTexts.csv(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static List<Example> examples(List<LabelledTexts.Row> rows) {
        return rows.stream().map(row -> new Example(row.text(), row.positive())).toList();
    }

    private static Models train(String category, List<Example> examples) {
        return category.equals("spam")
                ? ModelTraining.train("evaluate", examples, List.of())
                : ModelTraining.train("evaluate", List.of(), examples);
    }

    /** Every scored text's label, decision and score, filled fold by fold. */
    private static final class Scored {

        private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

        private final Scorer scorer = new Scorer(Signals.standard());
        private final Policy policy = Policy.defaults();
        private final AuthorHistory established = new AuthorHistory(20, 20, 0, List.of());
        private final double[] scores;
        private final boolean[] labels;
        private final boolean[] flagged;
        private final List<String> predictions = new ArrayList<>();

        Scored(int size) {
            scores = new double[size];
            labels = new boolean[size];
            flagged = new boolean[size];
            predictions.add("id,label,decision,score,reasons");
        }

        void score(String category, Models models, List<LabelledTexts.Row> rows, int from) {
            for (int r = 0; r < rows.size(); r++) {
                int i = from + r;
                LabelledTexts.Row row = rows.get(r);
                Comment comment =
                        new Comment("eval-" + i, "evaluation", "author-" + i, "author " + i, row.text(), "post", NOW);
                Assessment a = scorer.assess(new ScoringInput(
                        comment, established, policy, NOW.plus(Duration.ofSeconds(1)), models, List.of()));
                scores[i] = a.scores().getOrDefault(category, 0.0);
                labels[i] = row.positive();
                flagged[i] = a.decision() != Decision.APPROVED;
                predictions.add(csv(row.id()) + "," + (row.positive() ? "1" : "0") + "," + a.decision() + ","
                        + String.format(Locale.ROOT, "%.4f", scores[i]) + ","
                        + csv(a.reasons().stream()
                                .map(Reason::code)
                                .distinct()
                                .map(Enum::name)
                                .collect(Collectors.joining(" "))));
            }
        }

        Result report(Options options, PrintStream out, double micros) throws IOException {
            if (options.predictions() != null) {
                Files.write(options.predictions(), predictions, StandardCharsets.UTF_8);
            }
            double hold = policy.thresholds().get(options.category()).hold();
            boolean[] byCategory = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                byCategory[i] = scores[i] >= hold;
            }
            Result categoryOnly = Result.of(options, labels, byCategory, scores, micros);
            out.printf(
                    Locale.ROOT,
                    "by the %s score alone (at the hold threshold %.2f, other checks aside): precision %.4f recall %.4f"
                            + " F1 %.4f%n",
                    options.category(),
                    hold,
                    categoryOnly.precision(),
                    categoryOnly.recall(),
                    categoryOnly.f1());
            return Result.of(options, labels, flagged, scores, micros);
        }
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    record Options(String category, Path train, Path test, Path predictions, int folds, long seed) {

        static Options parse(String[] args) {
            String category = null;
            Path train = null;
            Path test = null;
            Path predictions = null;
            int folds = 0;
            Integer seed = null;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                String value = args[++i];
                switch (flag) {
                    case "--category" -> category = value;
                    case "--train" -> train = Path.of(value);
                    case "--test" -> test = Path.of(value);
                    case "--predictions" -> predictions = Path.of(value);
                    case "--folds" -> folds = number(flag, value, 2, 20);
                    case "--seed" -> seed = number(flag, value, 0, Integer.MAX_VALUE);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (!"spam".equals(category) && !"toxicity".equals(category)) {
                throw new IllegalArgumentException("--category must be spam or toxicity");
            }
            if (folds > 0 && (train == null || test != null)) {
                throw new IllegalArgumentException("--folds cross-validates --train: give --train and no --test");
            }
            if (folds == 0 && seed != null) {
                throw new IllegalArgumentException("--seed shuffles the folds of --folds K; give --folds too");
            }
            if (folds == 0 && test == null) {
                throw new IllegalArgumentException("--test is required (or --folds K to cross-validate --train)");
            }
            return new Options(category, train, test, predictions, folds, seed == null ? 1 : seed);
        }

        private static int number(String flag, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " must be a whole number from " + min + " to " + max);
        }
    }

    /** The figures of one run. */
    record Result(
            String category,
            int n,
            int tp,
            int fp,
            int tn,
            int fn,
            double precision,
            double recall,
            double f1,
            double accuracy,
            double mcc,
            double auc,
            double microsPerComment) {

        static Result of(Options options, boolean[] labels, boolean[] flagged, double[] scores, double micros) {
            int tp = 0;
            int fp = 0;
            int tn = 0;
            int fn = 0;
            for (int i = 0; i < labels.length; i++) {
                if (flagged[i]) {
                    if (labels[i]) {
                        tp++;
                    } else {
                        fp++;
                    }
                } else if (labels[i]) {
                    fn++;
                } else {
                    tn++;
                }
            }
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            double accuracy = labels.length == 0 ? 0 : (double) (tp + tn) / labels.length;
            double denominator = Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
            double mcc = denominator == 0 ? 0 : ((double) tp * tn - (double) fp * fn) / denominator;
            return new Result(
                    options.category(),
                    labels.length,
                    tp,
                    fp,
                    tn,
                    fn,
                    precision,
                    recall,
                    f1,
                    accuracy,
                    mcc,
                    auc(labels, scores),
                    micros);
        }

        /** ROC AUC as the Mann–Whitney statistic, ties counted half. */
        static double auc(boolean[] labels, double[] scores) {
            Integer[] order = new Integer[scores.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
            double rankSum = 0;
            long positives = 0;
            int i = 0;
            while (i < order.length) {
                int j = i;
                while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                    j++;
                }
                double rank = (i + j) / 2.0 + 1;
                for (int k = i; k <= j; k++) {
                    if (labels[order[k]]) {
                        rankSum += rank;
                        positives++;
                    }
                }
                i = j + 1;
            }
            long negatives = scores.length - positives;
            if (positives == 0 || negatives == 0) {
                return Double.NaN;
            }
            return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
        }

        String table() {
            return String.format(
                    Locale.ROOT,
                    """
                    category   %s
                    texts      %d  (positive %d, negative %d)
                                    flagged  approved
                      positive   %7d  %8d
                      negative   %7d  %8d
                    precision  %.4f
                    recall     %.4f
                    F1         %.4f
                    accuracy   %.4f
                    MCC        %.4f
                    ROC AUC    %.4f
                    scoring    %.1f µs per comment (all signals, one thread, including the first, cold ones)""",
                    category,
                    n,
                    tp + fn,
                    fp + tn,
                    tp,
                    fn,
                    fp,
                    tn,
                    precision,
                    recall,
                    f1,
                    accuracy,
                    mcc,
                    auc,
                    microsPerComment);
        }

        String json() {
            return String.format(
                    Locale.ROOT,
                    "{\"n\":%d,\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"accuracy\":%.4f,\"mcc\":%.4f,\"auc\":%.4f}",
                    n,
                    precision,
                    recall,
                    f1,
                    accuracy,
                    mcc,
                    auc);
        }
    }
}
