package io.github.ufskit.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Splits a data set into seeded, shuffled mini-batches of indices, one permutation per epoch.
 *
 * <p>The order of epoch {@code e} depends only on the seed and {@code e}, so a training run
 * that stopped after batch {@code b} of epoch {@code e} resumes with {@code batch(e, b + 1)} and
 * sees exactly the batches it would have seen without the interruption. Every epoch visits each
 * index once. With {@code dropLast} the final incomplete batch of an epoch is skipped, so every
 * batch has exactly {@code batchSize} indices. Without it the final batch holds the remainder.
 *
 * <p>Not thread-safe: the permutation of the most recent epoch is cached.
 */
public final class EpochSampler {

    /** Odd constant of the golden ratio, used to spread epoch numbers over the seed space. */
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final int datasetSize;
    private final int batchSize;
    private final boolean dropLast;
    private final long seed;

    private int cachedEpoch = -1;
    private int[] cachedPermutation;

    /**
     * Creates a sampler.
     *
     * @param datasetSize number of items to sample from, at least 1
     * @param batchSize indices per batch, in [1, {@code datasetSize}] when {@code dropLast}, else
     *     at least 1
     * @param dropLast whether to skip the final batch of an epoch when it is incomplete
     * @param seed seed of the shuffles; equal seeds give equal batches
     * @throws IllegalArgumentException if a size is out of range
     */
    public EpochSampler(int datasetSize, int batchSize, boolean dropLast, long seed) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException(
                    "datasetSize = " + datasetSize + "; expected at least 1 item to sample");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException(
                    "batchSize = " + batchSize + "; expected at least 1");
        }
        if (dropLast && batchSize > datasetSize) {
            throw new IllegalArgumentException(String.format(
                    "batchSize = %d exceeds datasetSize = %d, so dropLast would leave no batch;"
                            + " use a batch size of at most %d or dropLast = false",
                    batchSize, datasetSize, datasetSize));
        }
        this.datasetSize = datasetSize;
        this.batchSize = batchSize;
        this.dropLast = dropLast;
        this.seed = seed;
    }

    /**
     * Returns the number of items sampled from.
     *
     * @return the data set size
     */
    public int datasetSize() {
        return datasetSize;
    }

    /**
     * Returns the number of indices in a full batch.
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * Returns whether incomplete final batches are skipped.
     *
     * @return the {@code dropLast} setting
     */
    public boolean dropLast() {
        return dropLast;
    }

    /**
     * Returns the seed of the shuffles.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * Returns the number of batches in every epoch.
     *
     * @return {@code floor(datasetSize / batchSize)} with {@code dropLast}, else the ceiling
     */
    public int batchesPerEpoch() {
        int full = datasetSize / batchSize;
        return dropLast || datasetSize % batchSize == 0 ? full : full + 1;
    }

    /**
     * Returns the shuffled order of all indices in an epoch.
     *
     * @param epoch epoch number, at least 0
     * @return a permutation of [0, {@code datasetSize})
     */
    public int[] permutation(int epoch) {
        return permutationOf(epoch).clone();
    }

    /**
     * Returns the indices of one batch.
     *
     * @param epoch epoch number, at least 0
     * @param batchIndex batch number within the epoch, in [0, {@link #batchesPerEpoch()})
     * @return the indices of the batch; {@code batchSize} of them except possibly the last batch
     *     when {@code dropLast} is false
     * @throws IllegalArgumentException if the epoch or batch number is out of range
     */
    public int[] batch(int epoch, int batchIndex) {
        int batches = batchesPerEpoch();
        if (batchIndex < 0 || batchIndex >= batches) {
            throw new IllegalArgumentException(String.format(
                    "batchIndex = %d is outside [0, %d) for %d items in batches of %d",
                    batchIndex, batches, datasetSize, batchSize));
        }
        int[] order = permutationOf(epoch);
        int from = batchIndex * batchSize;
        int to = Math.min(from + batchSize, datasetSize);
        return Arrays.copyOfRange(order, from, to);
    }

    /**
     * Returns the batches of an epoch from a given batch on, for resuming inside an epoch.
     *
     * @param epoch epoch number, at least 0
     * @param firstBatch the first batch to return, in [0, {@link #batchesPerEpoch()}]; the
     *     value {@code batchesPerEpoch()} returns an empty list
     * @return the batches {@code firstBatch, firstBatch + 1, ...} of the epoch
     * @throws IllegalArgumentException if the epoch or batch number is out of range
     */
    public List<int[]> batches(int epoch, int firstBatch) {
        int batches = batchesPerEpoch();
        if (firstBatch < 0 || firstBatch > batches) {
            throw new IllegalArgumentException(String.format(
                    "firstBatch = %d is outside [0, %d]", firstBatch, batches));
        }
        List<int[]> result = new ArrayList<>(batches - firstBatch);
        for (int b = firstBatch; b < batches; b++) {
            result.add(batch(epoch, b));
        }
        return result;
    }

    private int[] permutationOf(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch = " + epoch + "; expected at least 0");
        }
        if (epoch != cachedEpoch) {
            cachedPermutation = shuffle(epoch);
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }

    /** Shuffles [0, n) with Fisher-Yates, seeded by the sampler seed and the epoch. */
    private int[] shuffle(int epoch) {
        // Mixing the sum keeps the streams of neighbouring epochs unrelated. Without it, the
        // generator of epoch e + 1 would replay the stream of epoch e shifted by one value.
        SplittableRandom random = new SplittableRandom(mix(seed + GOLDEN_GAMMA * (epoch + 1L)));
        int[] order = new int[datasetSize];
        for (int i = 0; i < datasetSize; i++) {
            order[i] = i;
        }
        for (int i = datasetSize - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Scrambles the bits of a 64-bit value (the MurmurHash3 finalizer). */
    private static long mix(long value) {
        long z = value;
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
