package io.sherpa.moderation.scoring.model;

import io.sherpa.moderation.scoring.text.TextNormalizer;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fits a {@link LinearModel}: L2-regularised logistic regression over naive-Bayes-scaled features, by
 * AdaGrad over shuffled passes, with classes balanced so a rare category is not drowned. Deterministic for the same examples (fixed seed).
 * Texts are featurised once, so a pass costs a few microseconds per example.
 */
public final class Trainer {

    public static final int BITS = 18;

    private final int bits;
    private final int epochs;
    private final double learningRate;
    private final double l2;

    public Trainer() {
        this(BITS, 12, 0.1, 1e-6);
    }

    public Trainer(int bits, int epochs, double learningRate, double l2) {
        this.bits = bits;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    public LinearModel train(List<Example> examples) {
        int n = examples.size();
        int[][] idx = new int[n][];
        float[][] val = new float[n][];
        Features features = new Features(bits);
        double positives = 0;
        double negatives = 0;
        for (int e = 0; e < n; e++) {
            Example example = examples.get(e);
            features.extract(TextNormalizer.normalize(example.text()));
            idx[e] = new int[features.size()];
            val[e] = new float[features.size()];
            for (int i = 0; i < features.size(); i++) {
                idx[e][i] = features.index(i);
                val[e][i] = features.value(i);
            }
            if (example.positive()) {
                positives += example.weight();
            } else {
                negatives += example.weight();
            }
        }
        double total = positives + negatives;
        double positiveWeight = positives == 0 ? 1 : total / (2 * positives);
        double negativeWeight = negatives == 0 ? 1 : total / (2 * negatives);

        float[] ratio = naiveBayesRatios(examples, idx);
        for (int e = 0; e < n; e++) {
            for (int i = 0; i < idx[e].length; i++) {
                val[e][i] *= ratio[idx[e][i]];
            }
        }
        float[] w = new float[1 << bits];
        float[] g2 = new float[1 << bits];
        double bias = 0;
        double biasG2 = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(20240601L);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int e : order) {
                Example example = examples.get(e);
                double z = bias;
                int[] ix = idx[e];
                float[] vx = val[e];
                for (int i = 0; i < ix.length; i++) {
                    z += w[ix[i]] * vx[i];
                }
                double p = LinearModel.sigmoid(z);
                double y = example.positive() ? 1 : 0;
                double scale = example.weight() * (example.positive() ? positiveWeight : negativeWeight);
                double g = (p - y) * scale;
                for (int i = 0; i < ix.length; i++) {
                    int k = ix[i];
                    double grad = g * vx[i] + l2 * w[k];
                    g2[k] += (float) (grad * grad);
                    w[k] -= (float) (learningRate * grad / (Math.sqrt(g2[k]) + 1e-8));
                }
                biasG2 += g * g;
                bias -= learningRate * g / (Math.sqrt(biasG2) + 1e-8);
            }
        }
        for (int k = 0; k < w.length; k++) {
            w[k] *= ratio[k]; // the model scores plain features: fold the scaling into the weights
        }
        return new LinearModel(bits, w, (float) bias);
    }

    /**
     * Naive Bayes log-count ratios per feature (Wang and Manning, 2012): how much likelier a feature is
     * in positive than in negative texts, with add-one smoothing. Scaling features by them before the
     * regression ("NB-LR") lets few examples say a lot.
     */
    private float[] naiveBayesRatios(List<Example> examples, int[][] idx) {
        double[] positive = new double[1 << bits];
        double[] negative = new double[1 << bits];
        for (int e = 0; e < idx.length; e++) {
            double[] counts = examples.get(e).positive() ? positive : negative;
            for (int k : idx[e]) {
                counts[k] += examples.get(e).weight();
            }
        }
        double positiveTotal = 0;
        double negativeTotal = 0;
        for (int k = 0; k < positive.length; k++) {
            positiveTotal += positive[k] + 1;
            negativeTotal += negative[k] + 1;
        }
        float[] ratio = new float[1 << bits];
        for (int k = 0; k < ratio.length; k++) {
            ratio[k] = (float) Math.log(((positive[k] + 1) / positiveTotal) / ((negative[k] + 1) / negativeTotal));
        }
        return ratio;
    }
}
