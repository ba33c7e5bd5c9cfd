package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A critic (discriminator) split into D_R, every layer but the last, and D_L, its last linear
 * layer, so that the UFS module can read the features Y = D_R(x) and the weight w of D_L.
 *
 * <p>The block's ordinary forward pass takes {@code (images)} or, for a class-conditional
 * critic, {@code (images, labels)}, and returns the scores.
 *
 * <p>A projection critic (Miyato and Koyama, 2018) adds a class term to D_L: score = w . Y + b +
 * e_y . Y, where e_y is the critic's embedding of the class y. The term is linear in Y, so such a
 * critic has an effective weight w + e_y per sample; {@link #effectiveWeight} returns it, and UFS
 * uses it wherever the unconditional method uses w.
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
     * Computes the score of some features including a projection critic's class term.
     *
     * <p>An unconditional critic ignores the labels and returns {@link #score(ParameterStore,
     * NDArray, boolean)}.
     *
     * @param parameterStore the parameter store of the critic
     * @param features features in the layout {@link #features} returns, possibly suppressed
     * @param labels int64 class labels (N), or null for an unconditional critic
     * @param training true in a training pass
     * @return scores (N) or (N, h, w)
     */
    default NDArray score(
            ParameterStore parameterStore, NDArray features, NDArray labels, boolean training) {
        return score(parameterStore, features, training);
    }

    /**
     * Returns the number of classes of a projection critic.
     *
     * @return 0 for an unconditional critic
     */
    default int classCount() {
        return 0;
    }

    /**
     * Returns the weight through which each sample's features reach its score: w for an
     * unconditional critic, w + e_y (one row per sample) for a projection critic.
     *
     * @param parameterStore the parameter store of the critic
     * @param features features of the samples, to choose the device and the batch size
     * @param labels int64 class labels (N), or null for an unconditional critic
     * @return w (K), or w + e_y (N, K)
     */
    default NDArray effectiveWeight(
            ParameterStore parameterStore, NDArray features, NDArray labels) {
        return lastLayerWeight(parameterStore, features);
    }

    /**
     * Initializes the parameters for the image size the critic was built for.
     *
     * @param manager the manager that owns the parameters
     */
    void initialize(NDManager manager);

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
