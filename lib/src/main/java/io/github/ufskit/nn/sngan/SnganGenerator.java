package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.ResidualGeneratorBlock;
import io.github.ufskit.nn.layers.SpectralConv2d;
import io.github.ufskit.nn.layers.SpectralLinear;
import java.util.Arrays;

/**
 * The ResNet generator of SNGAN (Miyato et al., 2018) and of the projection cGAN (Miyato and
 * Koyama, 2018), after sngan_projection's gen_models/resnet_32.py and resnet_64.py.
 *
 * <p>Noise z (N, latent) goes through a linear layer to a (N, C0, 4, 4) map, upsampling residual
 * blocks ({@link #resolution32} has three, {@link #resolution64} four), batch norm, ReLU, a 3 x 3
 * convolution to 3 channels and tanh, giving RGB images (N, 3, S, S) in [-1, 1]. A conditional
 * generator (classes &gt; 0) replaces every batch norm inside the blocks by a class-conditional
 * one whose gain and bias are rows of per-class tables. The output batch norm stays plain, and
 * the generator has no spectral normalization.
 *
 * <p>Initialization follows sngan_projection: Glorot uniform with gain sqrt(2) for the 3 x 3
 * convolutions inside the blocks, gain 1 for the 1 x 1 shortcuts, the input linear layer and the
 * output convolution; biases 0; batch-norm gains 1 and biases 0. Batch norm uses PyTorch's eps
 * 1e-5 and momentum 0.1, where Chainer's defaults in the reference are eps 2e-5 and decay 0.9
 * (the same momentum).
 */
public final class SnganGenerator extends AbstractBlock implements ImageGenerator {

    /** Side of the first feature map. */
    private static final int START_SIZE = 4;

    /** Latent size of every sngan_projection configuration. */
    public static final int PAPER_LATENT = 128;

    /** Width of the 32 x 32 generator in sngan_projection configs/sn_cifar10_*.yml ({@code ch}). */
    public static final int PAPER_WIDTH_32 = 256;

    /** Width of the 64 x 64 generator in configs/sn_projection_dog_and_cat_64.yml ({@code ch}). */
    public static final int PAPER_WIDTH_64 = 64;

    private final int latentDimension;
    private final int classes;
    private final int imageSize;
    private final int[] channels;
    private final SpectralLinear projection;
    private final ResidualGeneratorBlock[] blocks;
    private final BatchNorm outputNorm;
    private final SpectralConv2d outputConv;

    private SnganGenerator(int latentDimension, int classes, int[] channels) {
        this.latentDimension = latentDimension;
        this.classes = classes;
        this.channels = channels.clone();
        int blockCount = channels.length - 1;
        this.imageSize = START_SIZE << blockCount;
        projection =
                addChildBlock(
                        "projection",
                        new SpectralLinear(
                                latentDimension,
                                START_SIZE * START_SIZE * channels[0],
                                true,
                                false,
                                new GlorotUniformInitializer(1.0)));
        blocks = new ResidualGeneratorBlock[blockCount];
        for (int i = 0; i < blockCount; i++) {
            blocks[i] =
                    addChildBlock(
                            "block" + (i + 1),
                            SnganGeneratorBlock.create(channels[i], channels[i + 1], classes));
        }
        outputNorm = addChildBlock("outputNorm", BatchNorm.builder().build());
        outputConv =
                addChildBlock(
                        "outputConv",
                        new SpectralConv2d(
                                channels[blockCount],
                                3,
                                3,
                                1,
                                true,
                                false,
                                new GlorotUniformInitializer(1.0)));
    }

    /**
     * Creates the 32 x 32 generator of the SN-GAN paper's CIFAR-10 ResNet (sngan_projection
     * gen_models/resnet_32.py): a linear layer to (width, 4, 4) and three upsampling blocks of
     * constant width.
     *
     * @param latentDimension size of z, at least 1; the reference uses {@value #PAPER_LATENT}
     * @param width channels of every block, at least 1; the reference uses {@value
     *     #PAPER_WIDTH_32}
     * @param classes number of classes for class-conditional batch norm, 0 for unconditional
     * @return the generator, not yet initialized
     */
    public static SnganGenerator resolution32(int latentDimension, int width, int classes) {
        check(latentDimension, width, classes);
        return new SnganGenerator(latentDimension, classes, new int[] {width, width, width, width});
    }

    /**
     * Creates the 64 x 64 generator of sngan_projection gen_models/resnet_64.py (its dog and cat
     * experiment): a linear layer to (16 width, 4, 4) and four upsampling blocks 16 width to 8
     * width to 4 width to 2 width to width.
     *
     * @param latentDimension size of z, at least 1; the reference uses {@value #PAPER_LATENT}
     * @param width the base width, at least 1; the reference uses {@value #PAPER_WIDTH_64}
     * @param classes number of classes for class-conditional batch norm, 0 for unconditional;
     *     the reference's dog and cat experiment has 143
     * @return the generator, not yet initialized
     */
    public static SnganGenerator resolution64(int latentDimension, int width, int classes) {
        check(latentDimension, width, classes);
        return new SnganGenerator(
                latentDimension,
                classes,
                new int[] {16 * width, 8 * width, 4 * width, 2 * width, width});
    }

    private static void check(int latentDimension, int width, int classes) {
        if (latentDimension < 1) {
            throw new IllegalArgumentException(
                    "latent dimension must be at least 1, got " + latentDimension);
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be at least 1, got " + width);
        }
        if (classes < 0) {
            throw new IllegalArgumentException(
                    "classes must be 0 (unconditional) or positive, got " + classes);
        }
    }

    /** {@inheritDoc} */
    @Override
    public int latentDimension() {
        return latentDimension;
    }

    /** {@inheritDoc} */
    @Override
    public int classCount() {
        return classes;
    }

    /** {@inheritDoc} */
    @Override
    public int imageSize() {
        return imageSize;
    }

    /**
     * Returns 3: the generator draws RGB images.
     *
     * @return 3
     */
    @Override
    public int imageChannels() {
        return 3;
    }

    /**
     * Returns the channels of the first feature map followed by the output channels of each block.
     *
     * @return a copy of the channel plan
     */
    public int[] channelPlan() {
        return channels.clone();
    }

    /** {@inheritDoc} */
    @Override
    public void initialize(NDManager manager) {
        if (classes > 0) {
            initialize(manager, DataType.FLOAT32, new Shape(1, latentDimension), new Shape(1));
        } else {
            initialize(manager, DataType.FLOAT32, new Shape(1, latentDimension));
        }
    }

    /** {@inheritDoc} */
    @Override
    public NDArray generate(
            ParameterStore parameterStore, NDArray noise, NDArray labels, boolean training) {
        NDList inputs = labels == null ? new NDList(noise) : new NDList(noise, labels);
        return forward(parameterStore, inputs, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray noise = inputs.get(0);
        NDArray labels = inputs.size() > 1 ? inputs.get(1) : null;
        checkInputs(noise, labels);
        NDArray x =
                projection.forward(parameterStore, new NDList(noise), training).singletonOrThrow();
        x = x.reshape(noise.getShape().get(0), channels[0], START_SIZE, START_SIZE);
        for (ResidualGeneratorBlock block : blocks) {
            NDList blockInputs = classes > 0 ? new NDList(x, labels) : new NDList(x);
            x = block.forward(parameterStore, blockInputs, training).singletonOrThrow();
        }
        x = outputNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        x = Activation.relu(x);
        x = outputConv.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return new NDList(x.tanh());
    }

    private void checkInputs(NDArray noise, NDArray labels) {
        Shape shape = noise.getShape();
        if (shape.dimension() != 2 || shape.get(1) != latentDimension) {
            throw new IllegalArgumentException(
                    "SNGAN generator expects noise (N, " + latentDimension + "), got " + shape);
        }
        if (classes > 0) {
            ClassLabels.check(labels, shape.get(0), classes, "SNGAN generator");
        } else if (labels != null) {
            throw new IllegalArgumentException(
                    "SNGAN generator is unconditional (0 classes) but got labels; pass null"
                            + " labels or build it with the number of classes");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, imageSize, imageSize)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        projection.initialize(manager, dataType, new Shape(batch, latentDimension));
        Shape shape = new Shape(batch, channels[0], START_SIZE, START_SIZE);
        for (ResidualGeneratorBlock block : blocks) {
            if (classes > 0) {
                block.initialize(manager, dataType, shape, new Shape(batch));
            } else {
                block.initialize(manager, dataType, shape);
            }
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        outputNorm.initialize(manager, dataType, shape);
        outputConv.initialize(manager, dataType, shape);
    }

    @Override
    public String toString() {
        return "SnganGenerator(latent="
                + latentDimension
                + ", classes="
                + classes
                + ", channels="
                + Arrays.toString(channels)
                + ")";
    }
}
