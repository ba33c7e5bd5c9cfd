package io.github.ufskit.suppression;

/**
 * Hyperparameters of the unrealistic feature suppression (UFS) module.
 *
 * <p>For each feature channel c the module computes a distance ratio R_c (equation 8) that is
 * 0 when a fake feature sits on the mean of the real features and 1 when it sits on the mean of
 * the fake features. The suppression factor (equation 9) is {@code S_c = epsilon -
 * clamp(R_c, alpha, beta)}, so features with {@code R_c <= alpha} keep the factor {@code epsilon
 * - alpha} and features with {@code R_c >= beta} get the factor {@code epsilon - beta}:
 *
 * <ul>
 *   <li>{@code alpha}: lower clamp of R. Default 0. Any finite value; must not exceed beta.
 *   <li>{@code beta}: upper clamp of R. Default 1. With {@code epsilon - beta = 0} the most
 *       unrealistic features are dismissed; with {@code 0 < epsilon - beta < 1} they are only
 *       suppressed.
 *   <li>{@code epsilon}: shift added after the clamp. Default 1; must be at least beta, so that no
 *       factor is negative.
 *   <li>{@code gamma}: a channel whose distance to the real mean is below gamma in absolute value
 *       gets {@code R_c = 1} (equation 8 read literally). Default 1e-4; must be at least 0; 0
 *       turns the branch off.
 *   <li>{@code marginFloor}: smallest absolute margin |M_c| used as the divisor of R_c, so a
 *       channel whose real and fake means coincide gives a large but finite ratio instead of an
 *       infinity or NaN. Default 1e-8; must be positive. This guard is the kit's addition to
 *       equation 8.
 * </ul>
 *
 * @param alpha lower clamp of the distance ratio
 * @param beta upper clamp of the distance ratio
 * @param epsilon shift of the clamped ratio
 * @param gamma distance below which a feature gets the ratio 1
 * @param marginFloor smallest absolute real-fake margin used as a divisor
 */
public record SuppressionSettings(
        double alpha, double beta, double epsilon, double gamma, double marginFloor) {

    /** Default divisor floor for the real-fake margin. */
    public static final double DEFAULT_MARGIN_FLOOR = 1e-8;

    /** Creates settings after checking every value; see {@link #validate()}. */
    public SuppressionSettings {
        validate(alpha, beta, epsilon, gamma, marginFloor);
    }

    /**
     * Creates settings with the default margin floor.
     *
     * @param alpha lower clamp of the distance ratio
     * @param beta upper clamp of the distance ratio
     * @param epsilon shift of the clamped ratio
     * @param gamma distance below which a feature gets the ratio 1
     * @return the settings
     */
    public static SuppressionSettings of(double alpha, double beta, double epsilon, double gamma) {
        return new SuppressionSettings(alpha, beta, epsilon, gamma, DEFAULT_MARGIN_FLOOR);
    }

    /**
     * Returns the dismissal setting used for WGAN-GP on CIFAR-10 and CelebA: alpha 0, beta 1,
     * epsilon 1, gamma 1e-4, so S lies in [0, 1] and the most unrealistic features get 0.
     *
     * @return the WGAN-GP setting
     */
    public static SuppressionSettings wganGp() {
        return of(0, 1, 1, 1e-4);
    }

    /**
     * Returns the suppression setting used for SNGAN and BigGAN: alpha 1, beta 1.5, epsilon 2,
     * gamma 1e-4, so S lies in [0.5, 1] and unrealistic features are halved, not dismissed.
     *
     * @return the SNGAN/BigGAN setting
     */
    public static SuppressionSettings sngan() {
        return of(1, 1.5, 2, 1e-4);
    }

    /**
     * Returns a copy with another beta, as used when beta is annealed during training.
     *
     * @param newBeta the upper clamp
     * @return the changed settings
     */
    public SuppressionSettings withBeta(double newBeta) {
        return new SuppressionSettings(alpha, newBeta, epsilon, gamma, marginFloor);
    }

    /**
     * Returns the smallest suppression factor these settings can give, {@code epsilon - beta}.
     *
     * @return the factor of the most unrealistic features
     */
    public double minimumFactor() {
        return epsilon - beta;
    }

    /**
     * Returns the largest suppression factor these settings can give, {@code epsilon - alpha}.
     *
     * @return the factor of the most realistic features
     */
    public double maximumFactor() {
        return epsilon - alpha;
    }

    /**
     * Tells whether the most unrealistic features are dismissed (factor 0 or below) rather than
     * suppressed.
     *
     * @return true when {@code epsilon - beta <= 0}
     */
    public boolean dismisses() {
        return minimumFactor() <= 0;
    }

    /**
     * Checks the settings again; the constructor already does this.
     *
     * @throws IllegalArgumentException when a value is out of range
     */
    public void validate() {
        validate(alpha, beta, epsilon, gamma, marginFloor);
    }

    private static void validate(
            double alpha, double beta, double epsilon, double gamma, double marginFloor) {
        requireFinite("alpha", alpha);
        requireFinite("beta", beta);
        requireFinite("epsilon", epsilon);
        requireFinite("gamma", gamma);
        requireFinite("marginFloor", marginFloor);
        if (alpha > beta) {
            throw new IllegalArgumentException(
                    "UFS alpha must not exceed beta, got alpha="
                            + alpha
                            + " and beta="
                            + beta
                            + "; alpha is the lower and beta the upper clamp of the distance"
                            + " ratio");
        }
        if (epsilon < beta) {
            throw new IllegalArgumentException(
                    "UFS epsilon must be at least beta, got epsilon="
                            + epsilon
                            + " and beta="
                            + beta
                            + "; the smallest factor epsilon - beta would be negative and flip"
                            + " features instead of suppressing them (epsilon = beta dismisses"
                            + " them)");
        }
        if (gamma < 0) {
            throw new IllegalArgumentException(
                    "UFS gamma must be at least 0, got " + gamma + "; use 0 to turn it off");
        }
        if (marginFloor <= 0) {
            throw new IllegalArgumentException(
                    "UFS marginFloor must be positive, got "
                            + marginFloor
                            + "; the default is "
                            + DEFAULT_MARGIN_FLOOR);
        }
    }

    private static void requireFinite(String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "UFS " + name + " must be a finite number, got " + value);
        }
    }
}
