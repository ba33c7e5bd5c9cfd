package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.ufskit.nn.LastLinearLayer;
import io.github.ufskit.nn.layers.SpectralEmbedding;

/**
 * D_L of a projection discriminator (Miyato and Koyama, 2018): a spectrally normalized linear
 * layer K to 1 plus, for a conditional critic, the inner product of the features with a
 * spectrally normalized class embedding.
 *
 * <p>score(Y, y) = w . Y + b + e_y . Y, with features Y (N, K), w and b the weight (K) and bias of
 * D_L, and e_y the row of the embedding table (classes, K) for label y. Without classes the head
 * is the plain linear layer and has no embedding. The forward takes {@code (features)} or {@code
 * (features, labels)} and returns scores (N).
 */
public final class ProjectionHead extends AbstractBlock {

    private final int channels;
    private final int classes;
    private final LastLinearLayer lastLayer;
    private final SpectralEmbedding embedding;

    /**
     * Creates the head.
     *
     * @param channels K, the number of feature channels, at least 1
     * @param classes the number of classes, 0 for an unconditional critic
     * @param initializer initialization of w and of the embedding table
     */
    public ProjectionHead(int channels, int classes, Initializer initializer) {
        if (channels < 1) {
            throw new IllegalArgumentException(
                    "feature channels must be at least 1, got " + channels);
        }
        if (classes < 0) {
            throw new IllegalArgumentException(
                    "classes must be 0 (unconditional) or positive, got " + classes);
        }
        this.channels = channels;
        this.classes = classes;
        lastLayer = addChildBlock("last", new LastLinearLayer(channels, true));
        lastLayer.setInitializer(initializer, Parameter.Type.WEIGHT);
        embedding =
                classes > 0
                        ? addChildBlock(
                                "embedding",
                                new SpectralEmbedding(classes, channels, true, initializer))
                        : null;
    }

    /**
     * Returns the number of classes.
     *
     * @return 0 for an unconditional head
     */
    public int classCount() {
        return classes;
    }

    /**
     * Computes D_L(Y) = w . Y + b, without the class term.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K)
     * @param training true in a training pass, which advances the power iterations
     * @return scores (N)
     */
    public NDArray score(ParameterStore parameterStore, NDArray features, boolean training) {
        checkFeatures(features);
        return lastLayer.forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }

    /**
     * Computes w . Y + b + e_y . Y, or w . Y + b for an unconditional head.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K)
     * @param labels int64 labels (N) in [0, classes); ignored (may be null) without classes
     * @param training true in a training pass, which advances the power iterations
     * @return scores (N)
     */
    public NDArray score(
            ParameterStore parameterStore, NDArray features, NDArray labels, boolean training) {
        NDArray unconditional = score(parameterStore, features, training);
        if (classes == 0) {
            return unconditional;
        }
        ClassLabels.check(labels, features.getShape().get(0), classes, "projection critic");
        NDArray rows = embedding.rows(parameterStore, labels, training);
        return unconditional.add(rows.mul(features).sum(new int[] {1}));
    }

    /**
     * Returns w (K), with its gradient link, read without advancing the power iteration.
     *
     * @param parameterStore the parameter store of the critic
     * @param features any features of the critic, to choose the device
     * @return w (K)
     */
    public NDArray lastLayerWeight(ParameterStore parameterStore, NDArray features) {
        return lastLayer.weight(parameterStore, features);
    }

    /**
     * Returns the weight through which each sample's features reach its score, read without
     * advancing any power iteration.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K), for the device and the batch size
     * @param labels int64 labels (N); ignored (may be null) without classes
     * @return w + e_y (N, K) for a conditional head, w (K) for an unconditional one
     */
    public NDArray effectiveWeight(
            ParameterStore parameterStore, NDArray features, NDArray labels) {
        NDArray weight = lastLayerWeight(parameterStore, features);
        if (classes == 0) {
            return weight;
        }
        checkFeatures(features);
        ClassLabels.check(labels, features.getShape().get(0), classes, "projection critic");
        NDArray rows = embedding.rows(parameterStore, labels, false);
        return rows.add(weight.reshape(1, channels));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray labels = inputs.size() > 1 ? inputs.get(1) : null;
        return new NDList(score(parameterStore, inputs.get(0), labels, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        lastLayer.initialize(manager, dataType, new Shape(batch, channels));
        if (embedding != null) {
            embedding.initialize(manager, dataType, new Shape(batch));
        }
    }

    private void checkFeatures(NDArray features) {
        Shape shape = features.getShape();
        if (shape.dimension() != 2 || shape.get(1) != channels) {
            throw new IllegalArgumentException(
                    "projection head expects pooled features (N, "
                            + channels
                            + "), got "
                            + shape
                            + "; pass the output of features(), not featureMap()");
        }
    }
}
