package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A critic (discriminator) split into D_R, every layer but the last, and D_L, its last linear
 * layer, so that the UFS module can read the features Y = D_R(x) and the weight w of D_L.
 *
 * <p>The block's ordinary forward pass returns {@code score(features(x))}.
 */
public interface SplitCritic extends Block {

    /**
     * Computes the features Y = D_R(images).
     *
     * @param parameterStore the parameter store of the critic
     * @param images images (N, C, H, W) in [-1, 1]
     * @param training true in a training pass
     * @return Y, shape (N, K) for a pooled critic or (N, K, h, w) for a critic that scores each
     *     position of a feature map
     */
    NDArray features(ParameterStore parameterStore, NDArray images, boolean training);

    /**
     * Computes D_L(Y), the scores of some features.
     *
     * @param parameterStore the parameter store of the critic
     * @param features features in the layout {@link #features} returns, possibly suppressed
     * @param training true in a training pass
     * @return scores (N) or (N, h, w)
     */
    NDArray score(ParameterStore parameterStore, NDArray features, boolean training);

    /**
     * Returns the weight w of D_L as K values.
     *
     * @param parameterStore the parameter store of the critic
     * @param features any features of the critic, to choose the device
     * @return w, shape (K)
     */
    NDArray lastLayerWeight(ParameterStore parameterStore, NDArray features);

    /**
     * Returns the feature map before global pooling, for class activation maps.
     *
     * @param parameterStore the parameter store of the critic
     * @param images images (N, C, H, W) in [-1, 1]
     * @param training true in a training pass
     * @return the map, shape (N, K, h, w)
     */
    NDArray featureMap(ParameterStore parameterStore, NDArray images, boolean training);

    /**
     * Reduces scores to one value per sample by averaging any positions.
     *
     * @param scores (N) or (N, h, w)
     * @return (N)
     */
    static NDArray perSample(NDArray scores) {
        if (scores.getShape().dimension() == 1) {
            return scores;
        }
        return scores.reshape(scores.getShape().get(0), -1).mean(new int[] {1});
    }
}
