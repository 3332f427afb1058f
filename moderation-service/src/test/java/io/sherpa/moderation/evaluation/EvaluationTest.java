package io.sherpa.moderation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code evaluate} command through its arguments and output, on small labelled files written here. */
class EvaluationTest {

    private static final Pattern F1 = Pattern.compile("\"f1\":([0-9.]+)");

    @TempDir
    Path dir;

    @Test
    void learnsFromTheTrainingFileAndReportsTheTestFileAsATableAndAJsonLine() throws IOException {
        Path train = labelled("train.csv", 0, 30);
        Path test = labelled("test.csv", 30, 10);
        Path predictions = dir.resolve("predictions.csv");

        Run run = spam("--train", train.toString(), "--test", test.toString(), "--predictions", predictions.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("trained the spam model on 60 texts").contains("ROC AUC");
        assertThat(run.lastLine()).startsWith("{\"n\":20,");
        assertThat(run.f1()).isGreaterThanOrEqualTo(0.9);
        assertThat(Files.readAllLines(predictions)).hasSize(21).first().isEqualTo("id,label,decision,score,reasons");
    }

    @Test
    void crossValidatesTheTrainingFileFoldByFoldAndScoresEveryRowOnce() throws IOException {
        Path train = labelled("train.csv", 0, 30);
        Path predictions = dir.resolve("predictions.csv");

        Run run = spam(
                "--train", train.toString(), "--folds", "3", "--seed", "7", "--predictions", predictions.toString());

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out).contains("cross-validated: 3 folds of the 60 texts").contains("seed 7");
        assertThat(run.lastLine()).startsWith("{\"n\":60,");
        assertThat(run.f1()).isGreaterThanOrEqualTo(0.9);
        List<String> rows = Files.readAllLines(predictions);
        assertThat(rows.subList(1, rows.size()).stream().map(r -> r.substring(0, r.indexOf(','))))
                .hasSize(60)
                .doesNotHaveDuplicates();

        // the same seed, the same folds and figures; the JSON line is all a script needs
        assertThat(spam("--train", train.toString(), "--folds", "3", "--seed", "7")
                        .lastLine())
                .isEqualTo(run.lastLine());
    }

    @Test
    void noFoldIsScoredByAModelThatLearnedIt() throws IOException {
        // each text is its own made-up word with a coin-toss label: a model can only know a text it learned
        List<String> lines = new ArrayList<>();
        lines.add("id,text,label");
        java.util.Random coin = new java.util.Random(3);
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            word.setLength(0);
            for (int c = 0; c < 9; c++) {
                word.append((char) ('a' + coin.nextInt(26)));
            }
            lines.add("r" + i + "," + word + "," + (coin.nextBoolean() ? "spam" : "ham"));
        }
        Path file = Files.write(dir.resolve("coin.csv"), lines, StandardCharsets.UTF_8);

        Run learnedIt = spam("--train", file.toString(), "--test", file.toString());
        Run crossValidated = spam("--train", file.toString(), "--folds", "4");

        assertThat(learnedIt.f1())
                .as("scored by a model that learned every text")
                .isGreaterThan(0.9);
        assertThat(crossValidated.f1())
                .as("each fold scored by a model that did not see it")
                .isLessThan(0.8);
    }

    @Test
    void anotherSeedShufflesTheRowsIntoOtherFolds() throws IOException {
        Path train = labelled("train.csv", 0, 30);
        Path seven = dir.resolve("seven.csv");
        Path eight = dir.resolve("eight.csv");
        spam("--train", train.toString(), "--folds", "3", "--seed", "7", "--predictions", seven.toString());
        spam("--train", train.toString(), "--folds", "3", "--seed", "8", "--predictions", eight.toString());
        List<String> idsSeven = ids(seven);
        List<String> idsEight = ids(eight);
        assertThat(idsSeven).as("the order rows were scored in, fold by fold").isNotEqualTo(idsEight);
        assertThat(idsSeven).containsExactlyInAnyOrderElementsOf(idsEight).doesNotHaveDuplicates();
    }

    @Test
    void wrongArgumentsAreNamedWithTheUsageAndExitNonZero() throws IOException {
        Path train = labelled("train.csv", 0, 2);
        assertThat(spam("--train", train.toString(), "--folds", "1")).satisfies(r -> {
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err)
                    .contains("--folds must be a whole number from 2 to 20")
                    .contains("usage:");
        });
        assertThat(spam("--train", train.toString(), "--folds", "3", "--test", "x"))
                .satisfies(r -> {
                    assertThat(r.code).isEqualTo(2);
                    assertThat(r.err).contains("give --train and no --test");
                });
        assertThat(spam("--train", train.toString())).satisfies(r -> {
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err).contains("--test is required");
        });
        assertThat(spam("--test", train.toString(), "--seed", "3")).satisfies(r -> {
            assertThat(r.code).isEqualTo(2);
            assertThat(r.err).contains("--seed shuffles the folds of --folds K");
        });
        assertThat(spam("--train", train.toString(), "--folds", "5")).satisfies(r -> {
            assertThat(r.code).isEqualTo(1);
            assertThat(r.err).contains("has 4 rows, fewer than 5 folds");
        });
    }

    private static List<String> ids(Path predictions) throws IOException {
        List<String> rows = Files.readAllLines(predictions);
        return rows.subList(1, rows.size()).stream()
                .map(r -> r.substring(0, r.indexOf(',')))
                .toList();
    }

    /** {@code count} spam and {@code count} ordinary comments, numbered from {@code from}. */
    private Path labelled(String name, int from, int count) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("id,text,label");
        for (int i = from; i < from + count; i++) {
            lines.add("s" + i + ",\"BUY cheap replica watches " + i + " now!!! best prices, visit cheapwatches" + i
                    + ".biz\",spam");
            lines.add(
                    "h" + i + ",\"Thanks for the recipe, we made it on Sunday " + i + " and the kids loved it.\",ham");
        }
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    /** {@code evaluate --category spam} with these arguments. */
    private static Run spam(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "evaluate";
        all[1] = "--category";
        all[2] = "spam";
        System.arraycopy(args, 0, all, 3, args.length);
        return run(all);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        int code = Evaluation.run(
                rest,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }

        double f1() {
            Matcher m = F1.matcher(lastLine());
            assertThat(m.find()).as(lastLine()).isTrue();
            return Double.parseDouble(m.group(1));
        }
    }
}
