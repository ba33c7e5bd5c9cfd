package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Inception Score (IS) of Salimans et al., "Improved Techniques for Training GANs" (2016), with
 * the split convention of their code, which StyleGAN2-ADA's {@code is50k} and torch-fidelity
 * follow.
 *
 * <p>The N samples, in the order they were added, are cut into S splits; split {@code s} contains
 * samples {@code floor(s N / S)} to {@code floor((s + 1) N / S) - 1}. For the class
 * probabilities {@code p(y|x)} of the samples of one split and their mean {@code p(y)}:
 *
 * <pre>
 *   IS_s = exp( mean_x KL(p(y|x) || p(y)) ),   KL(p || q) = sum_y p_y (log p_y - log q_y)
 * </pre>
 *
 * <p>with {@code 0 log 0 = 0}. The result is the mean of the S split scores and their population
 * standard deviation (numpy's {@code std}, divisor S). An IS lies in [1, C] for C classes: 1 when
 * every sample gets the same prediction, C when the predictions are confident and spread evenly.
 *
 * <p>With Inception, the probabilities are the softmax of the 1008-way head's logits <em>without
 * the head's bias</em>, as the original TensorFlow code computes them; {@link
 * InceptionExtractor#classProbabilities} returns exactly these. torch-fidelity shuffles the
 * samples with a fixed seed before splitting; this class does not, like StyleGAN2-ADA, so the two
 * differ slightly in the split scores but agree in expectation.
 *
 * <p>Probabilities are stored as float32 (N × C × 4 bytes, 200 MB for 50,000 Inception samples)
 * and every sum is computed in float64.
 */
public final class InceptionScore {

    /** Number of splits of the original implementation. */
    public static final int DEFAULT_SPLITS = 10;

    /** Largest accepted deviation of a probability row's sum from 1. */
    private static final double SUM_TOLERANCE = 1e-3;

    private final int splits;
    private final List<float[]> batches = new ArrayList<>();
    private int classCount = -1;
    private long count;

    /**
     * A computed Inception Score with the sample counts behind it.
     *
     * @param mean mean of the split scores, in [1, C]
     * @param standardDeviation population standard deviation of the split scores
     * @param splits number of splits S
     * @param fakeCount number of generated samples scored
     */
    public record Result(double mean, double standardDeviation, int splits, long fakeCount) {

        /**
         * Returns the number of real samples used, which is 0 because the score needs none.
         *
         * @return 0
         */
        public long realCount() {
            return 0;
        }
    }

    /** Creates an empty score with {@link #DEFAULT_SPLITS} splits. */
    public InceptionScore() {
        this(DEFAULT_SPLITS);
    }

    /**
     * Creates an empty score.
     *
     * @param splits number of splits S, at least 1; 10 is the standard value
     */
    public InceptionScore(int splits) {
        if (splits < 1) {
            throw new IllegalArgumentException(
                    "splits = " + splits + "; expected at least 1 (the standard value is 10)");
        }
        this.splits = splits;
    }

    /**
     * Adds class probabilities of a batch of generated samples.
     *
     * @param probabilities float array of shape (N, C) with non-negative rows summing to 1; not
     *     closed
     * @throws IllegalArgumentException if the shape differs from earlier batches or a row is not
     *     a probability distribution
     */
    public void addProbabilities(NDArray probabilities) {
        Shape shape = checkShape(probabilities);
        float[] values;
        try (NDArray asFloat = probabilities.toType(DataType.FLOAT32, true)) {
            values = asFloat.toFloatArray();
        }
        addRowMajor(values, Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)));
    }

    /**
     * Adds the softmax of logits of a batch of generated samples.
     *
     * <p>For Inception pass logits computed without the head's bias; see the class
     * documentation.
     *
     * @param logits float array of shape (N, C) of finite values; not closed
     */
    public void addLogits(NDArray logits) {
        checkShape(logits);
        try (NDArray asDouble = logits.toType(DataType.FLOAT64, true);
                NDArray probabilities = asDouble.softmax(1)) {
            addProbabilities(probabilities);
        }
    }

    /**
     * Adds class probabilities given as rows.
     *
     * @param probabilities N rows of C non-negative values summing to 1
     */
    public void addProbabilities(double[][] probabilities) {
        if (probabilities.length == 0) {
            throw new IllegalArgumentException("No probability rows given; pass at least one");
        }
        int classes = probabilities[0].length;
        float[] values = new float[probabilities.length * classes];
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i].length != classes) {
                throw new IllegalArgumentException(String.format(
                        "Probability row %d has %d values, row 0 has %d",
                        i, probabilities[i].length, classes));
            }
            for (int c = 0; c < classes; c++) {
                values[i * classes + c] = (float) probabilities[i][c];
            }
        }
        addRowMajor(values, probabilities.length, classes);
    }

    private static Shape checkShape(NDArray rows) {
        Shape shape = rows.getShape();
        if (shape.dimension() != 2 || shape.get(0) < 1 || shape.get(1) < 1) {
            throw new IllegalArgumentException(String.format(
                    "Got shape %s, expected (N, C) with N, C >= 1: one row of class scores per"
                            + " sample", shape));
        }
        return shape;
    }

    private void addRowMajor(float[] values, int rows, int classes) {
        if (classCount != -1 && classes != classCount) {
            throw new IllegalArgumentException(String.format(
                    "Batch has %d classes, earlier batches had %d; use one classifier",
                    classes, classCount));
        }
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                float value = values[i * classes + c];
                if (!(value >= 0 && value <= 1)) {
                    throw new IllegalArgumentException(String.format(
                            "Probability %d of row %d is %s, expected a value in [0, 1]; pass"
                                    + " logits to addLogits instead", c, i, value));
                }
                sum += value;
            }
            if (Math.abs(sum - 1) > SUM_TOLERANCE) {
                throw new IllegalArgumentException(String.format(
                        "Probabilities of row %d sum to %.6f, expected 1; apply a softmax or"
                                + " pass logits to addLogits", i, sum));
            }
        }
        classCount = classes;
        batches.add(values);
        count += rows;
    }

    /**
     * Returns the number of samples added.
     *
     * @return N
     */
    public long count() {
        return count;
    }

    /**
     * Computes the score of the samples added so far.
     *
     * @return the mean and standard deviation over the splits, with the sample count
     * @throws IllegalStateException if fewer samples than splits were added
     */
    public Result compute() {
        if (count < splits) {
            throw new IllegalStateException(String.format(
                    "%d samples added, need at least one per split (%d splits); the standard"
                            + " score uses 50,000 samples", count, splits));
        }
        float[] all = concatenate();
        double[] scores = new double[splits];
        for (int s = 0; s < splits; s++) {
            int from = Math.toIntExact(s * count / splits);
            int to = Math.toIntExact((s + 1) * count / splits);
            scores[s] = splitScore(all, from, to);
        }
        double mean = 0;
        for (double score : scores) {
            mean += score / splits;
        }
        double variance = 0;
        for (double score : scores) {
            variance += (score - mean) * (score - mean) / splits;
        }
        return new Result(mean, Math.sqrt(variance), splits, count);
    }

    /** Discards every added sample. */
    public void reset() {
        batches.clear();
        classCount = -1;
        count = 0;
    }

    /**
     * Returns {@code exp} of the mean KL divergence of one split, computed as {@code mean_x
     * sum_y p log p - sum_y q log q}, which equals the mean KL because {@code q} is the mean of
     * the {@code p} rows.
     */
    private double splitScore(float[] all, int from, int to) {
        int rows = to - from;
        double[] marginal = new double[classCount];
        double negativeEntropySum = 0;
        for (int i = from; i < to; i++) {
            for (int c = 0; c < classCount; c++) {
                double p = all[i * classCount + c];
                marginal[c] += p;
                negativeEntropySum += xLogX(p);
            }
        }
        double marginalTerm = 0;
        for (int c = 0; c < classCount; c++) {
            marginalTerm += xLogX(marginal[c] / rows);
        }
        double meanDivergence = negativeEntropySum / rows - marginalTerm;
        return Math.exp(Math.max(meanDivergence, 0));
    }

    private static double xLogX(double x) {
        return x > 0 ? x * Math.log(x) : 0;
    }

    private float[] concatenate() {
        float[] all = new float[Math.toIntExact(count * classCount)];
        int offset = 0;
        for (float[] batch : batches) {
            System.arraycopy(batch, 0, all, offset, batch.length);
            offset += batch.length;
        }
        return all;
    }
}
