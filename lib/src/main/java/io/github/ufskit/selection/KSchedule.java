package io.github.ufskit.selection;

/**
 * Number k of fake samples kept per generator batch, as a function of training progress.
 *
 * <p>Three forms cover the experiments: a constant k; a linear anneal from the batch size to a
 * smaller k over a number of generator steps (k from 64 to 32, say); and the per-epoch decay of
 * Top-k training, k_e = max(gamma^e * B, nu * B) at epoch e for batch size B.
 */
public interface KSchedule {

    /**
     * Returns k for a generator step.
     *
     * @param step generator step, from 0
     * @param epoch data epoch of that step, from 0
     * @param batchSize the generator batch size B
     * @return k, between 1 and {@code batchSize}
     */
    int k(long step, int epoch, int batchSize);

    /**
     * Creates a schedule with a fixed k.
     *
     * @param k the number of samples kept, at least 1
     * @return the schedule
     */
    static KSchedule constant(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return (step, epoch, batchSize) -> Math.min(k, batchSize);
    }

    /**
     * Creates a linear anneal of k from {@code start} at step 0 to {@code end} at
     * {@code steps}, rounding to the nearest integer.
     *
     * @param start k at step 0, at least 1
     * @param end k from {@code steps} on, at least 1
     * @param steps generator steps the anneal lasts, at least 1
     * @return the schedule
     */
    static KSchedule linear(int start, int end, long steps) {
        if (start < 1 || end < 1) {
            throw new IllegalArgumentException(
                    "k must be at least 1, got start=" + start + ", end=" + end);
        }
        if (steps < 1) {
            throw new IllegalArgumentException(
                    "a linear k anneal needs at least 1 step, got " + steps);
        }
        return (step, epoch, batchSize) -> {
            double fraction = Math.min(1.0, Math.max(0.0, (double) step / steps));
            int k = (int) Math.round(start + fraction * (end - start));
            return Math.max(1, Math.min(k, batchSize));
        };
    }

    /**
     * Creates the per-epoch decay k_e = max(gamma^e * B, nu * B), rounded up.
     *
     * @param gamma decay per epoch, in (0, 1]
     * @param nu smallest fraction of the batch kept, in (0, 1]
     * @return the schedule
     */
    static KSchedule epochDecay(double gamma, double nu) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
        }
        if (!(nu > 0 && nu <= 1)) {
            throw new IllegalArgumentException("nu must be in (0, 1], got " + nu);
        }
        return (step, epoch, batchSize) -> {
            double fraction = Math.max(Math.pow(gamma, epoch), nu);
            int k = (int) Math.ceil(fraction * batchSize - 1e-9);
            return Math.max(1, Math.min(k, batchSize));
        };
    }
}
