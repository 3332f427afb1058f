package io.sherpa.moderation.scoring.model;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * A logistic regression over hashed {@link Features}: the probability that a text belongs to the
 * category. Immutable once built; scoring allocates nothing but the evidence it is asked for.
 */
public final class LinearModel {

    private static final int FORMAT = 1;

    private final int bits;
    private final float[] weights;
    private final float bias;

    LinearModel(int bits, float[] weights, float bias) {
        this.bits = bits;
        this.weights = weights;
        this.bias = bias;
    }

    /** The same model with its prior odds moved by {@code logOdds} (the weights of the evidence unchanged). */
    public LinearModel withPrior(double logOdds) {
        return new LinearModel(bits, weights, (float) (bias + logOdds));
    }

    public int bits() {
        return bits;
    }

    public double score(Features features) {
        return sigmoid(margin(features));
    }

    double margin(Features features) {
        double z = bias;
        for (int i = 0; i < features.size(); i++) {
            z += weights[features.index(i)] * features.value(i);
        }
        return z;
    }

    /** The word features that pushed the score up most, strongest first (at most {@code limit}). */
    public List<Features.Evidence> evidence(Features features, int limit) {
        int[] top = new int[limit];
        double[] topWeight = new double[limit];
        int kept = 0;
        for (int i = 0; i < features.size(); i++) {
            double contribution = weights[features.index(i)] * features.value(i);
            if (contribution <= 0.05 || !features.isWordLike(i)) {
                continue;
            }
            if (kept < limit) {
                kept++;
            } else if (contribution <= topWeight[limit - 1]) {
                continue;
            }
            int at = kept - 1; // insertion into the small sorted top list
            while (at > 0 && topWeight[at - 1] < contribution) {
                top[at] = top[at - 1];
                topWeight[at] = topWeight[at - 1];
                at--;
            }
            top[at] = i;
            topWeight[at] = contribution;
        }
        List<Features.Evidence> found = new ArrayList<>(kept);
        for (int k = 0; k < kept; k++) {
            found.add(features.describe(top[k], topWeight[k]));
        }
        return found;
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }

    /** A compact, versioned binary form: only the weights that are not zero, deflated. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeInt(FORMAT);
            out.writeInt(bits);
            out.writeFloat(bias);
            int nonZero = 0;
            for (float w : weights) {
                nonZero += w != 0 ? 1 : 0;
            }
            out.writeInt(nonZero);
            for (int i = 0; i < weights.length; i++) {
                if (weights[i] != 0) {
                    out.writeInt(i);
                    out.writeFloat(weights[i]);
                }
            }
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static LinearModel fromBytes(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(stored)))) {
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("Unknown model format " + format);
            }
            int bits = in.readInt();
            if (bits < 8 || bits > 24) {
                throw new IllegalArgumentException("Model has " + bits + " bits");
            }
            float bias = in.readFloat();
            float[] weights = new float[1 << bits];
            int nonZero = in.readInt();
            for (int k = 0; k < nonZero; k++) {
                weights[in.readInt()] = in.readFloat();
            }
            return new LinearModel(bits, weights, bias);
        } catch (IOException | ArrayIndexOutOfBoundsException corrupt) {
            throw new IllegalArgumentException("Stored model is corrupt: " + corrupt.getMessage(), corrupt);
        }
    }
}
