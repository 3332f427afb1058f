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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code evaluate --category spam|toxicity [--train TRAIN.csv] --test TEST.csv [--predictions OUT.csv]}.
 *
 * <p>With {@code --train}, the category's model learns from the file exactly as a site's would from {@code
 * POST /api/v1/training} (the starter corpus plus the file); without it, the models that ship in the box
 * score. Each test text is scored by every signal under the default policy, as the comment of an
 * established author with a clean record: the files carry no author, thread or timing, so the signals that
 * need them (newcomer, flood, duplicate, campaign) have nothing to see, and what is measured is what the
 * text alone earns. A positive is a comment that is not APPROVED; the AUC ranks by the category's score.
 * Prints a table, then the figures as one JSON object on the last line.
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
                    "usage: evaluate --category spam|toxicity [--train TRAIN.csv] --test TEST.csv [--predictions OUT.csv]");
            return 2;
        }
        try {
            Result result = evaluate(options, out);
            out.println(result.table());
            out.println(result.json());
            return 0;
        } catch (IOException | LabelledTexts.MalformedException e) {
            err.println("evaluate: " + e.getMessage());
            return 1;
        }
    }

    static Result evaluate(Options options, PrintStream out) throws IOException {
        long started = System.nanoTime();
        Models models = Models.starter();
        if (options.train() != null) {
            List<Example> examples =
                    LabelledTexts.csv(Files.readString(options.train(), StandardCharsets.UTF_8)).stream()
                            .map(row -> new Example(row.text(), row.positive()))
                            .toList();
            models = options.category().equals("spam")
                    ? ModelTraining.train("evaluate", examples, List.of())
                    : ModelTraining.train("evaluate", List.of(), examples);
            out.printf(
                    Locale.ROOT,
                    "trained the %s model on %d texts from %s in %d ms%n",
                    options.category(),
                    examples.size(),
                    options.train(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        List<LabelledTexts.Row> rows = LabelledTexts.csv(Files.readString(options.test(), StandardCharsets.UTF_8));
        Scorer scorer = new Scorer(Signals.standard());
        Policy policy = Policy.defaults();
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        AuthorHistory established = new AuthorHistory(20, 20, 0, List.of());
        double[] scores = new double[rows.size()];
        boolean[] labels = new boolean[rows.size()];
        boolean[] flagged = new boolean[rows.size()];
        boolean[] byCategory = new boolean[rows.size()];
        double hold = policy.thresholds().get(options.category()).hold();
        List<String> predictions = new ArrayList<>();
        predictions.add("id,label,decision,score,reasons");
        long scoring = System.nanoTime();
        for (int i = 0; i < rows.size(); i++) {
            LabelledTexts.Row row = rows.get(i);
            Comment comment =
                    new Comment("eval-" + i, "evaluation", "author-" + i, "author " + i, row.text(), "post", now);
            Assessment a = scorer.assess(
                    new ScoringInput(comment, established, policy, now.plus(Duration.ofSeconds(1)), models, List.of()));
            scores[i] = a.scores().getOrDefault(options.category(), 0.0);
            labels[i] = row.positive();
            flagged[i] = a.decision() != Decision.APPROVED;
            byCategory[i] = scores[i] >= hold;
            predictions.add(csv(row.id()) + "," + (row.positive() ? "1" : "0") + "," + a.decision() + ","
                    + String.format(Locale.ROOT, "%.4f", scores[i]) + ","
                    + csv(a.reasons().stream()
                            .map(Reason::code)
                            .distinct()
                            .map(Enum::name)
                            .collect(Collectors.joining(" "))));
        }
        double micros = (System.nanoTime() - scoring) / 1000.0 / Math.max(1, rows.size());
        if (options.predictions() != null) {
            Files.write(options.predictions(), predictions, StandardCharsets.UTF_8);
        }
        Result categoryOnly = Result.of(options, labels, byCategory, scores, micros);
        out.printf(
                Locale.ROOT,
                "by the %s score alone (at the hold threshold %.2f, other checks aside): precision %.4f recall %.4f F1 %.4f%n",
                options.category(),
                hold,
                categoryOnly.precision(),
                categoryOnly.recall(),
                categoryOnly.f1());
        return Result.of(options, labels, flagged, scores, micros);
    }

    private static String csv(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    record Options(String category, Path train, Path test, Path predictions) {

        static Options parse(String[] args) {
            String category = null;
            Path train = null;
            Path test = null;
            Path predictions = null;
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
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (!"spam".equals(category) && !"toxicity".equals(category)) {
                throw new IllegalArgumentException("--category must be spam or toxicity");
            }
            if (test == null) {
                throw new IllegalArgumentException("--test is required");
            }
            return new Options(category, train, test, predictions);
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
