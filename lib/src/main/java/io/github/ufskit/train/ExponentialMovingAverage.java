package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

/**
 * Keeps an exponential moving average (EMA) of a network's weights in a second network of the
 * same architecture, as BigGAN samples from: after each update, average = decay * average + (1 -
 * decay) * weight for every trained parameter.
 *
 * <p>Parameters that are not trained (batch-norm running statistics, spectral norm's
 * power-iteration vectors) are copied rather than averaged, because they describe the current
 * weights, not a trajectory. A decay of 0 copies everything, which is what the average does
 * before its start step.
 */
public final class ExponentialMovingAverage {

    private ExponentialMovingAverage() {}

    /**
     * Copies every parameter of {@code source} into {@code average}.
     *
     * @param source the trained network
     * @param average an initialized network of the same architecture
     */
    public static void copy(Block source, Block average) {
        update(source, average, 0);
    }

    /**
     * Moves the average one step towards the source's current weights.
     *
     * @param source the trained network
     * @param average an initialized network of the same architecture
     * @param decay in [0, 1); 0 copies the weights
     */
    public static void update(Block source, Block average, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), got " + decay);
        }
        PairList<String, Parameter> sourceParameters = source.getParameters();
        PairList<String, Parameter> averageParameters = average.getParameters();
        if (sourceParameters.size() != averageParameters.size()) {
            throw new IllegalArgumentException(
                    "the EMA network has "
                            + averageParameters.size()
                            + " parameters but the trained one has "
                            + sourceParameters.size()
                            + "; build both with the same architecture");
        }
        for (int i = 0; i < sourceParameters.size(); i++) {
            Pair<String, Parameter> from = sourceParameters.get(i);
            Pair<String, Parameter> to = averageParameters.get(i);
            if (!from.getKey().equals(to.getKey())) {
                throw new IllegalArgumentException(
                        "parameter "
                                + i
                                + " is "
                                + from.getKey()
                                + " in the trained network but "
                                + to.getKey()
                                + " in the EMA network; build both with the same architecture");
            }
            NDArray weight = from.getValue().getArray();
            NDArray averaged = to.getValue().getArray();
            if (decay == 0 || !from.getValue().requiresGradient()) {
                weight.copyTo(averaged);
            } else {
                // Both products are new arrays on the parameters' manager: close them here.
                try (NDArray kept = averaged.mul(decay);
                        NDArray added = weight.mul(1 - decay)) {
                    kept.addi(added).copyTo(averaged);
                }
            }
        }
    }
}
