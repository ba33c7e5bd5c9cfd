package io.github.ufskit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.function.Function;

/**
 * The WGAN-GP gradient penalty, lambda * E[(||grad_x D(x_hat)||_2 - 1)^2], evaluated at points
 * x_hat = t * x_real + (1 - t) * x_fake with t drawn uniformly from [0, 1] for each sample.
 *
 * <p>The penalty's gradient with respect to the critic's weights is exact: the input gradient is
 * computed with its graph kept (see {@link InputGradient}), so the critic's backward pass goes
 * through it. When the critic scores each sample with several values (the 8 x 8 map of the
 * modified WGAN-GP critic), D(x_hat) is the mean of a sample's values, so each sample has one
 * gradient and one norm.
 */
public final class GradientPenalty implements AutoCloseable {

    /** Penalty weight lambda of WGAN-GP. */
    public static final double DEFAULT_WEIGHT = 10;

    private final double weight;
    private final InputGradient inputGradient;

    /**
     * Creates the penalty.
     *
     * @param manager manager whose device runs the penalty
     * @param weight lambda, at least 0
     */
    public GradientPenalty(NDManager manager, double weight) {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(
                    "gradient penalty weight must be a finite number >= 0, got " + weight);
        }
        this.weight = weight;
        this.inputGradient = new InputGradient(manager);
    }

    /**
     * Returns lambda.
     *
     * @return the penalty weight
     */
    public double weight() {
        return weight;
    }

    /**
     * Computes the weighted penalty at interpolates of real and fake images.
     *
     * <p>Call inside the critic's gradient collector. Both image batches must carry no gradient.
     *
     * @param critic maps images (N, C, H, W) to scores (N) or (N, ...)
     * @param real real images
     * @param fake generated images, the shape of {@code real}
     * @param mixing t per sample, shape (N), values in [0, 1]
     * @return lambda times the mean squared distance of the gradient norms from 1, a scalar
     */
    public NDArray compute(
            Function<NDArray, NDArray> critic, NDArray real, NDArray fake, NDArray mixing) {
        if (!real.getShape().equals(fake.getShape())) {
            throw new IllegalArgumentException(
                    "real and fake batches must have the same shape, got "
                            + real.getShape()
                            + " and "
                            + fake.getShape());
        }
        long batch = real.getShape().get(0);
        if (mixing.getShape().dimension() != 1 || mixing.getShape().get(0) != batch) {
            throw new IllegalArgumentException(
                    "mixing must have shape (" + batch + "), got " + mixing.getShape());
        }
        Shape perSample = new Shape(batch, 1, 1, 1);
        NDArray t = mixing.reshape(perSample);
        NDArray interpolates = real.mul(t).add(fake.mul(t.neg().add(1))).stopGradient();
        interpolates.setRequiresGradient(true);
        NDArray scores = critic.apply(interpolates);
        NDArray perSampleScores =
                scores.getShape().dimension() == 1 ? scores : scores.reshape(batch, -1).mean(
                        new int[] {1});
        NDArray gradient = inputGradient.of(perSampleScores, interpolates);
        // The tiny offset keeps the derivative of the square root finite at a zero gradient.
        NDArray norms = gradient.reshape(batch, -1).square().sum(new int[] {1}).add(1e-12).sqrt();
        return norms.sub(1).square().mean().mul((float) weight);
    }

    /** Frees the TorchScript helper. */
    @Override
    public void close() {
        inputGradient.close();
    }
}
