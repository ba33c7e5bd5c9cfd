package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.LastLinearLayer;
import io.github.ufskit.nn.ResidualCriticBlock;
import io.github.ufskit.nn.SplitCritic;

/**
 * The 32 x 32 ResNet critic of WGAN-GP (Gulrajani et al., 2017, CIFAR-10 model), split into
 * D_R and D_L.
 *
 * <p>D_R: a first residual block that downsamples 32 to 16, a downsampling block 16 to 8, two
 * blocks at 8 x 8, and ReLU; the critic has no normalization layers. Then either:
 *
 * <ul>
 *   <li>{@link Output#POOLED}: the original critic. The 8 x 8 map is averaged over positions into
 *       Y (N, width) and D_L gives one score per image.
 *   <li>{@link Output#MAP}: the "modified WGAN-GP" critic, whose output is 8 x 8 instead of 1 x 1.
 *       Y is the map itself (N, width, 8, 8) and D_L scores every position, giving (N, 8, 8). The
 *       loss averages the 64 scores, so D_L scores 64 feature vectors per image.
 * </ul>
 */
public final class ResNetCritic extends AbstractBlock implements SplitCritic {

    /** Point of the critic at which D_L reads its features. */
    public enum Output {
        /** Global average pooling, one score per image. */
        POOLED,
        /** No pooling, one score per position of the 8 x 8 map. */
        MAP
    }

    private final int width;
    private final int imageChannels;
    private final Output output;
    private final ResidualCriticBlock[] blocks;
    private final LastLinearLayer lastLayer;

    /**
     * Creates the critic.
     *
     * @param width channels of every residual block, at least 1
     * @param imageChannels 1 for grayscale, 3 for RGB
     * @param output pooled (original) or map (modified WGAN-GP)
     */
    public ResNetCritic(int width, int imageChannels, Output output) {
        WganGpArchitecture.requirePositive("width", width);
        WganGpArchitecture.requireImageChannels(imageChannels);
        this.width = width;
        this.imageChannels = imageChannels;
        this.output = output;
        blocks =
                new ResidualCriticBlock[] {
                    addChildBlock("block1", CriticBlock.create(imageChannels, width, true, true)),
                    addChildBlock("block2", CriticBlock.create(width, width, false, true)),
                    addChildBlock("block3", CriticBlock.create(width, width, false, false)),
                    addChildBlock("block4", CriticBlock.create(width, width, false, false))
                };
        lastLayer = addChildBlock("last", new LastLinearLayer(width));
    }

    /**
     * Returns where D_L reads the features.
     *
     * @return pooled or map
     */
    public Output output() {
        return output;
    }

    /**
     * Initializes the parameters for 32 x 32 images.
     *
     * @param manager the manager that owns the parameters
     */
    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, imageChannels, 32, 32));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray featureMap(ParameterStore parameterStore, NDArray images, boolean training) {
        checkImages(images);
        NDArray x = images;
        for (ResidualCriticBlock block : blocks) {
            x = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        return Activation.relu(x);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray features(ParameterStore parameterStore, NDArray images, boolean training) {
        NDArray map = featureMap(parameterStore, images, training);
        if (output == Output.MAP) {
            return map;
        }
        Shape shape = map.getShape();
        return map.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
    }

    /** {@inheritDoc} */
    @Override
    public NDArray score(ParameterStore parameterStore, NDArray features, boolean training) {
        return lastLayer.forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray lastLayerWeight(ParameterStore parameterStore, NDArray features) {
        return lastLayer.weight(parameterStore, features);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray features = features(parameterStore, inputs.singletonOrThrow(), training);
        return new NDList(score(parameterStore, features, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long batch = in.get(0);
        return output == Output.MAP
                ? new Shape[] {new Shape(batch, in.get(2) / 4, in.get(3) / 4)}
                : new Shape[] {new Shape(batch)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape shape = inputShapes[0];
        for (ResidualCriticBlock block : blocks) {
            block.initialize(manager, dataType, shape);
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        Shape featureShape =
                output == Output.MAP ? shape : new Shape(shape.get(0), shape.get(1));
        lastLayer.initialize(manager, dataType, featureShape);
    }

    private void checkImages(NDArray images) {
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    "critic expects images (N, " + imageChannels + ", 32, 32), got " + shape);
        }
        if (shape.get(1) != imageChannels) {
            throw new IllegalArgumentException(
                    "critic was built for "
                            + imageChannels
                            + " image channels but got images "
                            + shape
                            + "; build it with the data set's channel count");
        }
        if (shape.get(2) != 32 || shape.get(3) != 32) {
            throw new IllegalArgumentException(
                    "critic expects 32 x 32 images, got "
                            + shape
                            + "; pad or resize the data set to 32 x 32");
        }
    }

    /**
     * Returns the width of the residual blocks.
     *
     * @return channels of Y
     */
    public int width() {
        return width;
    }
}
