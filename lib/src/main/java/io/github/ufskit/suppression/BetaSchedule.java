package io.github.ufskit.suppression;

/**
 * Value of the UFS upper clamp beta over training: constant, or annealed linearly.
 *
 * <p>Annealing beta from 1 to 1.5 with alpha 1 and epsilon 2 starts with every feature kept at
 * factor 1 and ends with unrealistic features halved.
 *
 * @param start beta at and before {@code startStep}
 * @param end beta at and after {@code endStep}
 * @param startStep first generator step of the anneal, at least 0
 * @param endStep last generator step of the anneal, at least {@code startStep}
 */
public record BetaSchedule(double start, double end, long startStep, long endStep) {

    /** Creates a schedule after checking its range. */
    public BetaSchedule {
        if (!Double.isFinite(start) || !Double.isFinite(end)) {
            throw new IllegalArgumentException(
                    "beta schedule values must be finite, got start=" + start + ", end=" + end);
        }
        if (startStep < 0 || endStep < startStep) {
            throw new IllegalArgumentException(
                    "beta schedule needs 0 <= startStep <= endStep, got startStep="
                            + startStep
                            + ", endStep="
                            + endStep);
        }
    }

    /**
     * Creates a schedule that keeps beta fixed.
     *
     * @param beta the value at every step
     * @return the schedule
     */
    public static BetaSchedule constant(double beta) {
        return new BetaSchedule(beta, beta, 0, 0);
    }

    /**
     * Creates a schedule that moves beta linearly from {@code start} at step 0 to {@code end} at
     * {@code steps}.
     *
     * @param start the first value
     * @param end the last value
     * @param steps generator steps the anneal lasts
     * @return the schedule
     */
    public static BetaSchedule linear(double start, double end, long steps) {
        return new BetaSchedule(start, end, 0, steps);
    }

    /**
     * Returns beta at a generator step.
     *
     * @param step the generator step, from 0
     * @return the interpolated beta
     */
    public double valueAt(long step) {
        if (step <= startStep) {
            return step < startStep || endStep > startStep ? start : end;
        }
        if (step >= endStep) {
            return end;
        }
        double fraction = (double) (step - startStep) / (endStep - startStep);
        return start + fraction * (end - start);
    }
}
