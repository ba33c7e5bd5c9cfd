package io.github.ufskit.nn.layers;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * Conditional batch normalization: batch normalization without its own affine map, followed by a
 * gain and a bias that depend on each sample's condition.
 *
 * <p>y[n, c, h, w] = gain[n, c] * (x[n, c, h, w] - mean[c]) / sqrt(var[c] + 1e-5) + bias[n, c].
 * In training, mean and var are the batch statistics over (N, H, W) (biased variance) and the
 * running statistics are updated as running = 0.9 * running + 0.1 * batch, with the unbiased
 * batch variance for the running variance. In evaluation the running statistics are used. The
 * momentum 0.1 and epsilon 1e-5 are the defaults of PyTorch's {@code torch.nn.BatchNorm2d}.
 * DJL's {@link BatchNorm#batchNorm} takes the momentum as the weight of the old value, so this
 * block passes 0.9.
 *
 * <p>Two forms exist. {@link #classEmbedding} (SNGAN) reads gain and bias as rows of two class
 * tables of shape (classes, channels), and its inputs are (x, labels). {@link #projected} (BigGAN)
 * computes gain = 1 + c W_gain^T and bias = c W_bias^T from a condition vector c of shape (N,
 * conditionSize), and its inputs are (x, condition). Input x has shape (N, channels, H, W) and the
 * output has the same shape. The running mean and variance have shape (channels) and types
 * {@link Parameter.Type#RUNNING_MEAN} and {@link Parameter.Type#RUNNING_VAR}, and they are
 * not trained.
 */
public final class ConditionalBatchNorm extends AbstractBlock {

    /** Weight of the new batch statistic in the running statistics (PyTorch's momentum). */
    public static final float MOMENTUM = 0.1f;

    /** Constant added to the variance before the square root, as in PyTorch's BatchNorm2d. */
    public static final float EPSILON = 1e-5f;

    private final int channels;
    private final int classes;
    private final int conditionSize;
    private final Parameter gainTable;
    private final Parameter biasTable;
    private final SpectralLinear gainLinear;
    private final SpectralLinear biasLinear;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private ConditionalBatchNorm(
            int channels, int classes, int conditionSize, boolean spectralNorm) {
        this.channels = channels;
        this.classes = classes;
        this.conditionSize = conditionSize;
        if (classes > 0) {
            gainTable =
                    addParameter(table("gain_embedding", Parameter.Type.GAMMA, Initializer.ONES));
            biasTable =
                    addParameter(table("bias_embedding", Parameter.Type.BETA, Initializer.ZEROS));
            gainLinear = null;
            biasLinear = null;
        } else {
            gainTable = null;
            biasTable = null;
            gainLinear = addChildBlock("gain", projection(spectralNorm));
            biasLinear = addChildBlock("bias", projection(spectralNorm));
        }
        runningMean = addParameter(running("runningMean", Parameter.Type.RUNNING_MEAN));
        runningVar = addParameter(running("runningVar", Parameter.Type.RUNNING_VAR));
    }

    /**
     * Creates the SNGAN form, whose gain and bias are rows of two class tables.
     *
     * <p>The gain table starts at 1 and the bias table at 0, so the block starts as plain batch
     * normalization. Neither table is spectrally normalized. The tables have types {@link
     * Parameter.Type#GAMMA} and {@link Parameter.Type#BETA} and paths containing "embedding", so
     * {@link OrthogonalRegularization} skips them. Inputs: NDList(x (N, channels, H,
     * W), labels (N) int64).
     *
     * @param channels the number of channels of x, at least 1
     * @param classes the number of classes, at least 1
     * @return the block
     * @throws IllegalArgumentException if a size is not positive
     */
    public static ConditionalBatchNorm classEmbedding(int channels, int classes) {
        Layers.checkPositive("channels", channels);
        Layers.checkPositive("classes", classes);
        return new ConditionalBatchNorm(channels, classes, 0, false);
    }

    /**
     * Creates the BigGAN form, whose gain and bias are linear maps of a condition vector.
     *
     * <p>gain = 1 + c W_gain^T and bias = c W_bias^T, both maps (conditionSize -> channels)
     * without bias, with {@link OrthogonalInitializer} weights (BigGAN-PyTorch's default 'ortho'
     * initialization covers these layers). Inputs: NDList(x (N, channels, H, W), condition (N,
     * conditionSize)).
     *
     * @param channels the number of channels of x, at least 1
     * @param conditionSize the length of the condition vector, at least 1
     * @param spectralNorm whether to spectrally normalize W_gain and W_bias
     * @return the block
     * @throws IllegalArgumentException if a size is not positive
     */
    public static ConditionalBatchNorm projected(
            int channels, int conditionSize, boolean spectralNorm) {
        Layers.checkPositive("channels", channels);
        Layers.checkPositive("conditionSize", conditionSize);
        return new ConditionalBatchNorm(channels, 0, conditionSize, spectralNorm);
    }

    private Parameter table(String name, Parameter.Type type, Initializer initializer) {
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(classes, channels))
                .optInitializer(initializer)
                .build();
    }

    private SpectralLinear projection(boolean spectralNorm) {
        return new SpectralLinear(
                conditionSize, channels, false, spectralNorm, new OrthogonalInitializer());
    }

    private Parameter running(String name, Parameter.Type type) {
        Initializer initializer =
                type == Parameter.Type.RUNNING_MEAN ? Initializer.ZEROS : Initializer.ONES;
        return Parameter.builder()
                .setName(name)
                .setType(type)
                .optShape(new Shape(channels))
                .optRequiresGrad(false)
                .optInitializer(initializer)
                .build();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        checkInputs(inputs);
        NDArray x = inputs.get(0);
        NDArray condition = inputs.get(1);
        Device device = x.getDevice();
        NDManager manager = x.getManager();
        NDArray mean = parameterStore.getValue(runningMean, device, training);
        NDArray variance = parameterStore.getValue(runningVar, device, training);
        NDArray ones = manager.ones(new Shape(channels), x.getDataType(), device);
        NDArray zeros = manager.zeros(new Shape(channels), x.getDataType(), device);
        NDArray normalized =
                BatchNorm.batchNorm(
                                x, mean, variance, ones, zeros, 1, 1f - MOMENTUM, EPSILON,
                                training)
                        .singletonOrThrow();

        NDArray gain;
        NDArray bias;
        if (gainTable != null) {
            gain = parameterStore.getValue(gainTable, device, training).get(condition);
            bias = parameterStore.getValue(biasTable, device, training).get(condition);
            gain.attach(manager);
            bias.attach(manager);
        } else {
            NDList input = new NDList(condition);
            gain = gainLinear.forward(parameterStore, input, training).singletonOrThrow().add(1f);
            bias = biasLinear.forward(parameterStore, input, training).singletonOrThrow();
        }
        long batch = x.getShape().get(0);
        Shape perChannel = new Shape(batch, channels, 1, 1);
        return new NDList(normalized.mul(gain.reshape(perChannel)).add(bias.reshape(perChannel)));
    }

    private void checkInputs(NDList inputs) {
        String form = gainTable != null ? "(x, labels)" : "(x, condition)";
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(
                    "ConditionalBatchNorm expects 2 inputs " + form + ", got " + inputs.size());
        }
        Shape shape = inputs.get(0).getShape();
        Layers.checkChannels("ConditionalBatchNorm", shape, 4, channels);
        NDArray condition = inputs.get(1);
        if (gainTable != null) {
            Layers.checkLabels("ConditionalBatchNorm", condition, classes);
        } else if (condition.getShape().dimension() != 2
                || condition.getShape().get(1) != conditionSize) {
            throw new IllegalArgumentException(
                    "ConditionalBatchNorm expects a condition of shape (N, " + conditionSize
                            + "), got " + condition.getShape());
        }
        if (condition.getShape().get(0) != shape.get(0)) {
            throw new IllegalArgumentException(
                    "ConditionalBatchNorm got " + shape.get(0) + " images but "
                            + condition.getShape().get(0) + " conditions; pass one per image");
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        if (gainLinear != null) {
            gainLinear.initialize(manager, dataType, inputShapes[1]);
            biasLinear.initialize(manager, dataType, inputShapes[1]);
        }
    }
}
