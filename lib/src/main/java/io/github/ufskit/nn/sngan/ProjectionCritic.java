package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.github.ufskit.nn.Resampling;
import io.github.ufskit.nn.SplitCritic;

/**
 * A residual discriminator with global sum pooling and a projection head, the common form of the
 * SNGAN and BigGAN discriminators, split into D_R and D_L.
 *
 * <p>D_R: the residual body maps RGB images (N, 3, S, S) to a map (N, K, h, w); ReLU gives the
 * feature map and summing it over positions gives the features Y (N, K). D_L is a {@link
 * ProjectionHead}: score = w . Y + b, plus e_y . Y when the critic has classes. The block forward
 * takes {@code (images)} or {@code (images, labels)} and returns scores (N); a conditional
 * critic rejects a forward without labels.
 */
public abstract class ProjectionCritic extends AbstractBlock implements SplitCritic {

    private final String name;
    private final int imageSize;
    private final int featureChannels;
    private final ProjectionHead head;

    /**
     * Creates the critic's head; the subclass then adds its residual body.
     *
     * @param name the network's name, for messages
     * @param imageSize S, the side of the images
     * @param featureChannels K, the channels of the last map
     * @param classes number of classes, 0 for an unconditional critic
     * @param initializer initialization of D_L's weight and of the class embedding
     */
    protected ProjectionCritic(
            String name, int imageSize, int featureChannels, int classes, Initializer initializer) {
        this.name = name;
        this.imageSize = imageSize;
        this.featureChannels = featureChannels;
        head = addChildBlock("head", new ProjectionHead(featureChannels, classes, initializer));
    }

    /**
     * Runs the residual body on checked images.
     *
     * @param parameterStore the parameter store of the critic
     * @param images (N, 3, S, S)
     * @param training true in a training pass
     * @return the last map before ReLU, (N, K, h, w)
     */
    protected abstract NDArray body(
            ParameterStore parameterStore, NDArray images, boolean training);

    /**
     * Initializes the residual body.
     *
     * @param manager the manager that owns the parameters
     * @param dataType the parameter type
     * @param imageShape (N, 3, S, S)
     * @return the shape of the last map, (N, K, h, w)
     */
    protected abstract Shape initializeBody(NDManager manager, DataType dataType, Shape imageShape);

    /**
     * Returns the side of the images the critic reads.
     *
     * @return S
     */
    public int imageSize() {
        return imageSize;
    }

    /**
     * Returns the number of feature channels.
     *
     * @return K
     */
    public int featureChannels() {
        return featureChannels;
    }

    /** {@inheritDoc} */
    @Override
    public int classCount() {
        return head.classCount();
    }

    /** {@inheritDoc} */
    @Override
    public void initialize(NDManager manager) {
        Shape images = new Shape(1, 3, imageSize, imageSize);
        if (classCount() > 0) {
            initialize(manager, DataType.FLOAT32, images, new Shape(1));
        } else {
            initialize(manager, DataType.FLOAT32, images);
        }
    }

    /**
     * Computes the ReLU'd last map of D_R before pooling.
     *
     * @param parameterStore the parameter store of the critic
     * @param images RGB images (N, 3, S, S) in [-1, 1]
     * @param training true in a training pass, which advances the power iterations
     * @return the map (N, K, h, w)
     */
    @Override
    public NDArray featureMap(ParameterStore parameterStore, NDArray images, boolean training) {
        checkImages(images);
        return Activation.relu(body(parameterStore, images, training));
    }

    /**
     * Computes Y = D_R(images), the feature map summed over positions.
     *
     * @param parameterStore the parameter store of the critic
     * @param images RGB images (N, 3, S, S) in [-1, 1]
     * @param training true in a training pass, which advances the power iterations
     * @return Y (N, K)
     */
    @Override
    public NDArray features(ParameterStore parameterStore, NDArray images, boolean training) {
        return Resampling.sumPool(featureMap(parameterStore, images, training));
    }

    /**
     * Computes D_L(Y) = w . Y + b without the class term, also for a conditional critic.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K)
     * @param training true in a training pass
     * @return scores (N)
     */
    @Override
    public NDArray score(ParameterStore parameterStore, NDArray features, boolean training) {
        return head.score(parameterStore, features, training);
    }

    /**
     * Computes D_L(Y) + e_y . Y; a conditional critic rejects null labels, an unconditional one
     * ignores the labels.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K)
     * @param labels int64 labels (N) in [0, classes)
     * @param training true in a training pass
     * @return scores (N)
     */
    @Override
    public NDArray score(
            ParameterStore parameterStore, NDArray features, NDArray labels, boolean training) {
        return head.score(parameterStore, features, labels, training);
    }

    /**
     * Returns w + e_y (N, K) for a conditional critic or w (K) for an unconditional one, read
     * without advancing any power iteration.
     *
     * @param parameterStore the parameter store of the critic
     * @param features Y (N, K)
     * @param labels int64 labels (N) in [0, classes)
     * @return the effective weight
     */
    @Override
    public NDArray effectiveWeight(
            ParameterStore parameterStore, NDArray features, NDArray labels) {
        return head.effectiveWeight(parameterStore, features, labels);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray lastLayerWeight(ParameterStore parameterStore, NDArray features) {
        return head.lastLayerWeight(parameterStore, features);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray images = inputs.get(0);
        NDArray labels = inputs.size() > 1 ? inputs.get(1) : null;
        NDArray features = features(parameterStore, images, training);
        return new NDList(score(parameterStore, features, labels, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape map = initializeBody(manager, dataType, inputShapes[0]);
        head.initialize(manager, dataType, new Shape(map.get(0), map.get(1)));
    }

    private void checkImages(NDArray images) {
        Shape shape = images.getShape();
        boolean valid =
                shape.dimension() == 4
                        && shape.get(1) == 3
                        && shape.get(2) == imageSize
                        && shape.get(3) == imageSize;
        if (!valid) {
            throw new IllegalArgumentException(
                    name
                            + " expects RGB images (N, 3, "
                            + imageSize
                            + ", "
                            + imageSize
                            + "), got "
                            + shape
                            + "; resize the data set to "
                            + imageSize
                            + " x "
                            + imageSize
                            + " RGB or build the critic for its size");
        }
    }
}
