package io.github.ufskit.selection;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Random;

/**
 * Picks the fake samples that train the generator from their critic scores.
 *
 * <p>Selection happens after the forward pass: the generator loss is averaged over the kept
 * samples only, so the others send no gradient. Ties in the scores are broken by sample index,
 * which keeps the choice deterministic.
 */
public final class SampleSelector {

    private final SampleSelection selection;
    private final KSchedule schedule;

    /**
     * Creates a selector.
     *
     * @param selection which samples to keep
     * @param schedule k over training; ignored for {@link SampleSelection#ALL}
     */
    public SampleSelector(SampleSelection selection, KSchedule schedule) {
        this.selection = selection;
        this.schedule = schedule;
        if (selection != SampleSelection.ALL && schedule == null) {
            throw new IllegalArgumentException(selection.label() + " needs a k schedule");
        }
    }

    /**
     * Creates a selector that keeps every sample.
     *
     * @return the selector
     */
    public static SampleSelector all() {
        return new SampleSelector(SampleSelection.ALL, null);
    }

    /**
     * Returns the selection mode.
     *
     * @return the mode
     */
    public SampleSelection selection() {
        return selection;
    }

    /**
     * Returns k for a generator step, or the batch size when every sample is kept.
     *
     * @param step generator step
     * @param epoch data epoch
     * @param batchSize generator batch size
     * @return the number of samples kept
     */
    public int k(long step, int epoch, int batchSize) {
        return selection == SampleSelection.ALL ? batchSize : schedule.k(step, epoch, batchSize);
    }

    /**
     * Returns the indices of the kept samples in increasing order.
     *
     * @param scores the critic's score of each sample, N values
     * @param k how many to keep, 1 to N
     * @param random source for random-k
     * @return k distinct indices into the batch
     */
    public int[] select(float[] scores, int k, Random random) {
        int n = scores.length;
        if (k < 1 || k > n) {
            throw new IllegalArgumentException(
                    "k must be between 1 and the batch size " + n + ", got " + k);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        switch (selection) {
            case ALL -> {
                return range(n);
            }
            case TOP_K -> Arrays.sort(
                    order, (a, b) -> a.equals(b) ? 0 : compare(scores[b], scores[a], a, b));
            case BOTTOM_K -> Arrays.sort(
                    order, (a, b) -> a.equals(b) ? 0 : compare(scores[a], scores[b], a, b));
            case RANDOM_K -> shuffle(order, random);
            default -> throw new IllegalStateException("unknown selection " + selection);
        }
        int[] kept = new int[k];
        for (int i = 0; i < k; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept);
        return kept;
    }

    /**
     * Returns the indices of the kept samples as an int64 array on the scores' device.
     *
     * @param scores the critic's score of each sample, shape (N)
     * @param k how many to keep
     * @param random source for random-k
     * @return k indices, attached to the manager of {@code scores}
     */
    public NDArray select(NDArray scores, int k, Random random) {
        if (scores.getShape().dimension() != 1) {
            throw new IllegalArgumentException(
                    "scores must have shape (N), got " + scores.getShape());
        }
        int[] kept = select(scores.toType(DataType.FLOAT32, false).toFloatArray(), k, random);
        long[] indices = Arrays.stream(kept).asLongStream().toArray();
        return scores.getManager().create(indices).toDevice(scores.getDevice(), false);
    }

    private static int compare(float first, float second, int firstIndex, int secondIndex) {
        int byScore = Float.compare(first, second);
        return byScore != 0 ? byScore : Integer.compare(firstIndex, secondIndex);
    }

    private static int[] range(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static void shuffle(Integer[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }
}
