package io.sherpa.moderation.bench;

import io.sherpa.moderation.policy.Policy;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Scoring throughput on one thread: every signal and both learned models (trained on {@code train.csv})
 * over the {@code youtube_spam} dev texts, normalisation included — then the same texts through {@code
 * bogofilter} (trained on the same file) in the same run. Prints both as comments per second; the last
 * line is JSON. A program, not a test: {@code deploy/bench/scoring-benchmark.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class ScoringBenchmark {

    static final String DATA = "sherpa.bench.data";

    private Scorer scorer;
    private Policy policy;
    private Models models;
    private List<String> texts;
    private AuthorHistory history;
    private Instant now;
    private int next;

    @Setup
    public void setUp() throws IOException {
        Path data = Path.of(System.getProperty(DATA));
        models = ModelTraining.train("bench", examples(data.resolve("train.csv")), List.of());
        texts = texts(data.resolve("dev.csv"));
        scorer = new Scorer(Signals.standard());
        policy = Policy.defaults();
        history = new AuthorHistory(20, List.of());
        now = Instant.parse("2026-01-01T00:00:00Z");
    }

    @Benchmark
    public Object scoreOneComment() {
        String text = texts.get(next);
        next = next + 1 == texts.size() ? 0 : next + 1;
        Comment comment = new Comment("c", "bench", "author", "author", text, "post", now);
        return scorer.assess(new ScoringInput(comment, history, policy, now, models, List.of()));
    }

    static List<Example> examples(Path csv) throws IOException {
        return LabelledTexts.csv(Files.readString(csv, StandardCharsets.UTF_8)).stream()
                .map(r -> new Example(r.text(), r.positive()))
                .toList();
    }

    static List<String> texts(Path csv) throws IOException {
        return LabelledTexts.csv(Files.readString(csv, StandardCharsets.UTF_8)).stream()
                .map(LabelledTexts.Row::text)
                .toList();
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/datasets/youtube_spam")
                .toAbsolutePath();
        if (!Files.exists(data.resolve("dev.csv"))) {
            System.err.println("No dataset at " + data + " (expected train.csv and dev.csv)");
            System.exit(2);
        }
        RunResult result = new Runner(new OptionsBuilder()
                        .include(ScoringBenchmark.class.getName())
                        .jvmArgsAppend("-D" + DATA + "=" + data)
                        .build())
                .runSingle();
        double sherpa = result.getPrimaryResult().getScore();
        double sherpaError = result.getPrimaryResult().getScoreError();
        Bogofilter.Figures bogo = Bogofilter.measure(data, 20);
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Sherpa scorer (all signals + models, 1 thread, JMH): %,.0f comments/s (± %,.0f)%n",
                sherpa,
                sherpaError);
        if (bogo == null) {
            System.out.println("bogofilter: not installed (apt-get install bogofilter), not measured");
        } else {
            System.out.printf(
                    Locale.ROOT,
                    "bogofilter %s (bulk mbox, 1 process, %d texts): %,.0f comments/s%n",
                    bogo.version(),
                    bogo.texts(),
                    bogo.perSecond());
        }
        System.out.printf(
                Locale.ROOT,
                "{\"sherpaCommentsPerSecond\":%.0f,\"sherpaError\":%.0f,\"bogofilterCommentsPerSecond\":%s}%n",
                sherpa,
                sherpaError,
                bogo == null ? "null" : String.format(Locale.ROOT, "%.0f", bogo.perSecond()));
    }

    /** bogofilter, trained and run the way its manual describes for a batch: one mbox, one process. */
    static final class Bogofilter {

        record Figures(String version, int texts, double perSecond) {}

        static Figures measure(Path data, int repeat) throws IOException, InterruptedException {
            Path binary = Path.of("/usr/bin/bogofilter");
            if (!Files.isExecutable(binary)) {
                return null;
            }
            Path dir = Files.createTempDirectory("bogofilter");
            List<LabelledTexts.Row> train = LabelledTexts.csv(Files.readString(data.resolve("train.csv")));
            Files.writeString(
                    dir.resolve("spam.mbox"),
                    mbox(
                            train.stream()
                                    .filter(LabelledTexts.Row::positive)
                                    .map(LabelledTexts.Row::text)
                                    .toList(),
                            1));
            Files.writeString(
                    dir.resolve("ham.mbox"),
                    mbox(
                            train.stream()
                                    .filter(r -> !r.positive())
                                    .map(LabelledTexts.Row::text)
                                    .toList(),
                            1));
            run(dir, "-s", dir.resolve("spam.mbox"));
            run(dir, "-n", dir.resolve("ham.mbox"));
            List<String> dev = texts(data.resolve("dev.csv"));
            Path all = dir.resolve("dev.mbox");
            Files.writeString(all, mbox(dev, repeat));
            long started = System.nanoTime();
            run(dir, "-T", all);
            double seconds = (System.nanoTime() - started) / 1e9;
            Process v = new ProcessBuilder(binary.toString(), "-V")
                    .redirectErrorStream(true)
                    .start();
            String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .findFirst()
                    .orElse("")
                    .replace("bogofilter version ", "");
            v.waitFor();
            return new Figures(version, dev.size() * repeat, dev.size() * repeat / seconds);
        }

        private static void run(Path dir, String mode, Path mbox) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(
                            "/usr/bin/bogofilter", "-d", dir.toString(), "-M", mode, "-I", mbox.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            int rc = p.waitFor();
            if (rc > 2) { // 0 spam, 1 ham, 2 unsure
                throw new IOException("bogofilter " + mode + " exited with " + rc);
            }
        }

        private static String mbox(List<String> texts, int repeat) {
            StringBuilder out = new StringBuilder();
            List<String> escaped = new ArrayList<>();
            for (String t : texts) {
                escaped.add(t.replace("\nFrom ", "\n>From ").replace("\r", ""));
            }
            for (int r = 0; r < repeat; r++) {
                for (String t : escaped) {
                    out.append("From bench@localhost Thu Jan  1 00:00:00 2026\n\n")
                            .append(t)
                            .append("\n\n");
                }
            }
            return out.toString();
        }
    }
}
