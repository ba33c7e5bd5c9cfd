package io.github.ufskit.suppression;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The unrealistic feature suppression (UFS) module of Kim and Lee, "Unrealistic Feature
 * Suppression for Generative Adversarial Networks". It compares each channel of the critic's
 * feature vector of a fake image with the mean real and mean fake features. Channels that look
 * fake are scaled down before the critic's last linear layer scores them.
 *
 * <p>The critic D is split into D_R, which maps an image to a feature vector Y with C channels,
 * and its last linear layer D_L with weight w (C values) and a bias. The module works in two
 * phases of every training round:
 *
 * <ol>
 *   <li>During the critic (discriminator) steps, {@link #recordCriticStep} stores the batch means
 *       of the weighted features, mu_real = mean(w * Y_real) and mu_fake = mean(w * Y_fake)
 *       (equation 4; * is the element-wise product). When several critic steps precede one
 *       generator step, the module averages their batch means, so with one critic step per
 *       generator step it is exactly equation 4.
 *   <li>During the generator step, {@link #suppressionFactors} computes for each fake sample
 *       Y_hat = w * Y_fake (equation 5), the margin M = mu_real - mu_fake (equation 6), the
 *       distance D = mu_real - Y_hat (equation 7), the ratio R = D / M (equation 8, set to 1
 *       where |D| is below gamma) and the suppression factors S = epsilon - clamp(R, alpha,
 *       beta) (equation 9). The generator loss then scores D_L(Y_fake * S) instead of
 *       D_L(Y_fake) (equations 1 and 2).
 * </ol>
 *
 * <p>R is 0 for a feature on the real mean, 1 on the fake mean, above 1 beyond the fake mean and
 * negative beyond the real mean; clamping then shifting by epsilon turns it into a factor that
 * keeps realistic channels and suppresses unrealistic ones.
 *
 * <p>Choices the kit makes where the method leaves room:
 *
 * <ul>
 *   <li>The factors are constants for back-propagation: the generator's gradient flows through
 *       Y_fake in D_L(Y_fake * S) but not through S.
 *   <li>A feature map Y of shape (N, C, H, W), as the modified WGAN-GP critic produces with D_L
 *       applied at each of its H x W positions, is treated as N x H x W feature vectors: the means
 *       of equation 4 run over the batch and the positions, and every position of every sample
 *       gets its own factors.
 *   <li>|M_c| is floored at {@link SuppressionSettings#marginFloor()} (keeping its sign, 0
 *       counting as positive) so that R stays finite.
 *   <li>A projection critic (class-conditional) scores Y with w + e_y, where e_y is its
 *       embedding of the sample's class, so each sample has its own effective weight. The module
 *       then takes the weight as (N, C), one row per sample, and equations 4 and 5 weigh every
 *       sample by its own row. So mu_real and mu_fake average each channel's contribution to the
 *       class scores the critic computes, and S suppresses what lowers the score of the sample's
 *       own class. With a single w this is exactly the unconditional method.
 * </ul>
 *
 * <p>The module owns the arrays of its statistics; close it to free them.
 */
public final class UnrealisticFeatureSuppression implements AutoCloseable {

    private final NDManager manager;
    private SuppressionSettings settings;
    private NDArray realSum;
    private NDArray fakeSum;
    private int recordedSteps;
    private boolean statisticsConsumed;

    /**
     * Creates a module with no recorded statistics.
     *
     * @param parent the manager whose device stores the statistics
     * @param settings the hyperparameters alpha, beta, epsilon, gamma
     */
    public UnrealisticFeatureSuppression(NDManager parent, SuppressionSettings settings) {
        this.manager = parent.newSubManager();
        this.settings = settings;
    }

    /**
     * Returns the current hyperparameters.
     *
     * @return the settings in use
     */
    public SuppressionSettings settings() {
        return settings;
    }

    /**
     * Replaces the hyperparameters, for instance to anneal beta.
     *
     * @param newSettings the settings for the next generator steps
     */
    public void setSettings(SuppressionSettings newSettings) {
        this.settings = newSettings;
    }

    /**
     * Records the weighted feature means of one critic step (equation 4).
     *
     * <p>The first call after a generator step starts a new average.
     *
     * @param realFeatures D_R of a real batch, shape (N, C) or (N, C, H, W)
     * @param fakeFeatures D_R of a fake batch, the same layout
     * @param weight the weight w of D_L, C values in any shape of C elements, or one row per
     *     sample (N, C) for a projection critic
     */
    public void recordCriticStep(NDArray realFeatures, NDArray fakeFeatures, NDArray weight) {
        recordCriticStep(realFeatures, weight, fakeFeatures, weight);
    }

    /**
     * Records the weighted feature means of one critic step (equation 4) when real and fake
     * samples have weights of their own, as the rows w + e_y of a projection critic.
     *
     * <p>The first call after a generator step starts a new average.
     *
     * @param realFeatures D_R of a real batch, shape (N, C) or (N, C, H, W)
     * @param realWeight C values, or one row per real sample (N, C)
     * @param fakeFeatures D_R of a fake batch, the same layout
     * @param fakeWeight C values, or one row per fake sample
     */
    public void recordCriticStep(
            NDArray realFeatures, NDArray realWeight, NDArray fakeFeatures, NDArray fakeWeight) {
        int channels = channels(realFeatures);
        checkFeatures("fakeFeatures", fakeFeatures, channels);
        if (statisticsConsumed || realSum == null) {
            reset();
        }
        NDArray realMean =
                weightedChannelMean(realFeatures, realWeight).toDevice(device(), false);
        NDArray fakeMean =
                weightedChannelMean(fakeFeatures, fakeWeight).toDevice(device(), false);
        realMean.attach(manager);
        fakeMean.attach(manager);
        // The statistics outlive any NDScope a training step opens around this call.
        NDScope.unregister(realMean, fakeMean);
        if (realSum == null) {
            realSum = realMean;
            fakeSum = fakeMean;
        } else {
            if (realSum.size() != channels) {
                throw new IllegalArgumentException(
                        "critic features changed from "
                                + realSum.size()
                                + " to "
                                + channels
                                + " channels between critic steps");
            }
            realSum.addi(realMean);
            fakeSum.addi(fakeMean);
            realMean.close();
            fakeMean.close();
        }
        recordedSteps++;
    }

    /**
     * Tells whether critic statistics are available for a generator step.
     *
     * @return true after at least one {@link #recordCriticStep}
     */
    public boolean hasStatistics() {
        return realSum != null;
    }

    /**
     * Returns mu_real, the mean of w * Y_real over the recorded critic steps (equation 4).
     *
     * @return C values copied to the host
     */
    public float[] realMean() {
        requireStatistics();
        return scaled(realSum);
    }

    /**
     * Returns mu_fake, the mean of w * Y_fake over the recorded critic steps (equation 4).
     *
     * @return C values copied to the host
     */
    public float[] fakeMean() {
        requireStatistics();
        return scaled(fakeSum);
    }

    /**
     * Computes the suppression factors S for a batch of fake features (equations 5 to 9).
     *
     * <p>The result carries no gradient and has the shape of {@code fakeFeatures}. It is attached
     * to the manager of {@code fakeFeatures}. Calling this marks the recorded statistics as used,
     * so the next critic step starts a new average.
     *
     * @param fakeFeatures D_R of a fake batch, shape (N, C) or (N, C, H, W)
     * @param weight the weight w of D_L, C values, or one row per sample (N, C) for a projection
     *     critic
     * @return the factors S, one per element of {@code fakeFeatures}
     */
    public NDArray suppressionFactors(NDArray fakeFeatures, NDArray weight) {
        requireStatistics();
        int channels = channels(fakeFeatures);
        if (realSum.size() != channels) {
            throw new IllegalArgumentException(
                    "fake features have "
                            + channels
                            + " channels but the critic statistics have "
                            + realSum.size());
        }
        NDManager target = fakeFeatures.getManager();
        NDArray features = fakeFeatures.stopGradient();
        Shape channelShape = broadcastShape(features.getShape());
        NDArray weighted = features.mul(weightFor(features, weight));
        NDArray realMean = onDevice(realSum.div(recordedSteps), target);
        NDArray fakeMean = onDevice(fakeSum.div(recordedSteps), target);
        NDArray margin = realMean.sub(fakeMean).reshape(channelShape);
        NDArray distance = realMean.reshape(channelShape).sub(weighted);
        NDArray factors = factors(distance, margin, settings);
        statisticsConsumed = true;
        return factors;
    }

    /**
     * Multiplies fake features by their suppression factors, Y_fake * S, the input of D_L in
     * equation 1.
     *
     * @param fakeFeatures D_R of a fake batch; gradients flow through it
     * @param weight the weight w of D_L
     * @return the suppressed features, same shape as {@code fakeFeatures}
     */
    public NDArray suppress(NDArray fakeFeatures, NDArray weight) {
        NDArray factors = suppressionFactors(fakeFeatures, weight);
        return fakeFeatures.mul(factors);
    }

    /**
     * Computes the distance ratio R of equation 8 for one channel.
     *
     * @param distance D_c = mu_real,c - Y_hat_c
     * @param margin M_c = mu_real,c - mu_fake,c
     * @param settings the module's settings, for gamma and the margin floor
     * @return R_c
     */
    public static double ratio(double distance, double margin, SuppressionSettings settings) {
        if (Math.abs(distance) < settings.gamma()) {
            return 1;
        }
        double floor = settings.marginFloor();
        double divisor = Math.abs(margin) >= floor ? margin : (margin < 0 ? -floor : floor);
        return distance / divisor;
    }

    /**
     * Computes the suppression factor S of equation 9 for one channel.
     *
     * @param ratio R_c
     * @param settings the module's settings, for alpha, beta and epsilon
     * @return S_c = epsilon - clamp(R_c, alpha, beta)
     */
    public static double factor(double ratio, SuppressionSettings settings) {
        double clamped = Math.min(Math.max(ratio, settings.alpha()), settings.beta());
        return settings.epsilon() - clamped;
    }

    /**
     * Computes equations 8 and 9 element-wise on arrays, the same arithmetic as {@link #ratio}
     * and {@link #factor}.
     *
     * @param distance D, any shape
     * @param margin M, broadcastable to {@code distance}
     * @param settings the hyperparameters
     * @return S, the shape of {@code distance}
     */
    public static NDArray factors(NDArray distance, NDArray margin, SuppressionSettings settings) {
        NDManager manager = distance.getManager();
        double floor = settings.marginFloor();
        NDArray signedFloor =
                NDArrays.where(
                        margin.gte(0),
                        manager.full(margin.getShape(), (float) floor, margin.getDataType()),
                        manager.full(margin.getShape(), (float) -floor, margin.getDataType()));
        NDArray divisor = NDArrays.where(margin.abs().gte((float) floor), margin, signedFloor);
        NDArray ratio = distance.div(divisor);
        NDArray ones = manager.ones(distance.getShape(), distance.getDataType());
        ratio = NDArrays.where(distance.abs().lt((float) settings.gamma()), ones, ratio);
        return ratio.clip((float) settings.alpha(), (float) settings.beta())
                .neg()
                .add((float) settings.epsilon());
    }

    /**
     * Returns the mean of {@code w * features} over every axis but the channel axis 1.
     *
     * @param features shape (N, C) or (N, C, H, W)
     * @param weight C values, or one row per sample (N, C)
     * @return C values, without gradient
     */
    public static NDArray weightedChannelMean(NDArray features, NDArray weight) {
        NDArray detached = features.stopGradient();
        NDArray weighted = detached.mul(weightFor(detached, weight));
        if (detached.getShape().dimension() == 2) {
            return weighted.mean(new int[] {0});
        }
        // DJL's PyTorch mean takes one axis: move channels first and flatten the rest.
        long channels = detached.getShape().get(1);
        return weighted.transpose(1, 0, 2, 3).reshape(channels, -1).mean(new int[] {1});
    }

    /** Frees the stored statistics. */
    @Override
    public void close() {
        manager.close();
    }

    private void reset() {
        if (realSum != null) {
            realSum.close();
            fakeSum.close();
        }
        realSum = null;
        fakeSum = null;
        recordedSteps = 0;
        statisticsConsumed = false;
    }

    private ai.djl.Device device() {
        return manager.getDevice();
    }

    private float[] scaled(NDArray sum) {
        float[] values = sum.toFloatArray();
        for (int i = 0; i < values.length; i++) {
            values[i] /= recordedSteps;
        }
        return values;
    }

    private static NDArray onDevice(NDArray array, NDManager target) {
        NDArray moved = array.toDevice(target.getDevice(), false);
        if (moved != array) {
            array.close();
        }
        moved.attach(target);
        return moved;
    }

    /**
     * Returns the weight detached and shaped to multiply the features: one row of C values shared
     * by every sample, or a row per sample.
     */
    private static NDArray weightFor(NDArray features, NDArray weight) {
        Shape featureShape = features.getShape();
        long batch = featureShape.get(0);
        long channels = featureShape.get(1);
        Shape weightShape = weight.getShape();
        NDArray detached = weight.stopGradient();
        if (weight.size() == channels) {
            return detached.reshape(broadcastShape(featureShape));
        }
        if (weightShape.dimension() == 2
                && weightShape.get(0) == batch
                && weightShape.get(1) == channels) {
            return featureShape.dimension() == 2
                    ? detached
                    : detached.reshape(batch, channels, 1, 1);
        }
        throw new IllegalArgumentException(
                "the weight of D_L has shape "
                        + weightShape
                        + " but the features "
                        + featureShape
                        + " need "
                        + channels
                        + " values or one row per sample ("
                        + batch
                        + ", "
                        + channels
                        + "); pass the last linear layer's weight or the critic's effective"
                        + " weight for these samples");
    }

    private void requireStatistics() {
        if (realSum == null) {
            throw new IllegalStateException(
                    "UFS has no critic statistics yet: call recordCriticStep during a critic step"
                            + " before the first generator step");
        }
    }

    private static int channels(NDArray features) {
        int dimensions = features.getShape().dimension();
        if (dimensions != 2 && dimensions != 4) {
            throw new IllegalArgumentException(
                    "critic features must have shape (N, C) or (N, C, H, W), got "
                            + features.getShape());
        }
        return (int) features.getShape().get(1);
    }

    private static void checkFeatures(String name, NDArray features, int channels) {
        if (channels(features) != channels) {
            throw new IllegalArgumentException(
                    name
                            + " has "
                            + channels(features)
                            + " channels, expected "
                            + channels
                            + " like the real features");
        }
    }

    private static Shape broadcastShape(Shape featureShape) {
        long channels = featureShape.get(1);
        return featureShape.dimension() == 2
                ? new Shape(1, channels)
                : new Shape(1, channels, 1, 1);
    }
}
