package io.github.ufskit.train;

/**
 * Thrown when a loss becomes NaN or infinite. The run stops without writing a checkpoint of the
 * broken weights; the last checkpoint on disk is the last good state.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the generator step whose loss was not finite
     * @param message what diverged and what to do
     */
    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /**
     * Returns the step at which training diverged.
     *
     * @return the generator step
     */
    public long step() {
        return step;
    }
}
