package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.ImageGenerator;
import io.github.ufskit.nn.ResidualGeneratorBlock;

/**
 * The 32 x 32 ResNet generator of WGAN-GP (Gulrajani et al., 2017, CIFAR-10 model).
 *
 * <p>Noise z (N, latent) goes through a linear layer to a (N, width, 4, 4) map, three upsampling
 * residual blocks (4 to 8 to 16 to 32), batch norm, ReLU, a 3 x 3 convolution to the image
 * channels and tanh. Output: images (N, channels, 32, 32) in [-1, 1]. The published model has
 * latent 128 and width 128.
 */
public final class ResNetGenerator extends AbstractBlock implements ImageGenerator {

    private static final int START_SIZE = 4;
    private static final int BLOCKS = 3;

    private final int latentDimension;
    private final int width;
    private final int imageChannels;
    private final Linear projection;
    private final ResidualGeneratorBlock[] blocks =
            new ResidualGeneratorBlock[BLOCKS];
    private final BatchNorm outputNorm;
    private final Conv2d outputConv;

    /**
     * Creates the generator.
     *
     * @param latentDimension size of z, at least 1
     * @param width channels of every residual block, at least 1
     * @param imageChannels 1 for grayscale, 3 for RGB
     */
    public ResNetGenerator(int latentDimension, int width, int imageChannels) {
        WganGpArchitecture.requirePositive("latentDimension", latentDimension);
        WganGpArchitecture.requirePositive("width", width);
        WganGpArchitecture.requireImageChannels(imageChannels);
        this.latentDimension = latentDimension;
        this.width = width;
        this.imageChannels = imageChannels;
        projection =
                addChildBlock(
                        "projection",
                        Linear.builder().setUnits((long) START_SIZE * START_SIZE * width).build());
        for (int i = 0; i < BLOCKS; i++) {
            blocks[i] = addChildBlock("block" + (i + 1), GeneratorBlock.create(width));
        }
        outputNorm = addChildBlock("outputNorm", BatchNorm.builder().build());
        outputConv = addChildBlock("outputConv", GeneratorBlock.convolution(imageChannels, 3));
    }

    /**
     * Returns the size of the noise vector z.
     *
     * @return the latent dimension
     */
    @Override
    public int latentDimension() {
        return latentDimension;
    }

    /**
     * Returns 0: the WGAN-GP generator is unconditional.
     *
     * @return 0
     */
    @Override
    public int classCount() {
        return 0;
    }

    /**
     * Returns 32, the side of the images.
     *
     * @return 32
     */
    @Override
    public int imageSize() {
        return START_SIZE << BLOCKS;
    }

    /**
     * Returns the number of image channels.
     *
     * @return 1 or 3
     */
    @Override
    public int imageChannels() {
        return imageChannels;
    }

    /**
     * Draws images; the generator is unconditional, so {@code labels} must be null.
     *
     * @param parameterStore the generator's parameter store
     * @param noise z, shape (N, latentDimension)
     * @param labels null
     * @param training true to use and update batch statistics
     * @return images (N, C, 32, 32) in [-1, 1]
     */
    @Override
    public NDArray generate(
            ParameterStore parameterStore, NDArray noise, NDArray labels, boolean training) {
        if (labels != null) {
            throw new IllegalArgumentException(
                    "the WGAN-GP generator is unconditional; pass null labels");
        }
        return forward(parameterStore, new NDList(noise), training).singletonOrThrow();
    }

    /**
     * Initializes the parameters for noise batches of any size.
     *
     * @param manager the manager that owns the parameters
     */
    @Override
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, latentDimension));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray noise = inputs.singletonOrThrow();
        if (noise.getShape().dimension() != 2 || noise.getShape().get(1) != latentDimension) {
            throw new IllegalArgumentException(
                    "generator expects noise (N, " + latentDimension + "), got " + noise.getShape());
        }
        NDArray x = projection.forward(parameterStore, inputs, training).singletonOrThrow();
        x = x.reshape(noise.getShape().get(0), width, START_SIZE, START_SIZE);
        for (ResidualGeneratorBlock block : blocks) {
            x = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        x = outputNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        x = Activation.relu(x);
        x = outputConv.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return new NDList(x.tanh());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        int size = START_SIZE << BLOCKS;
        return new Shape[] {new Shape(batch, outputConv.getOutputShapes(
                new Shape[] {new Shape(batch, width, size, size)})[0].get(1), size, size)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        projection.initialize(manager, dataType, inputShapes[0]);
        Shape shape = new Shape(batch, width, START_SIZE, START_SIZE);
        for (ResidualGeneratorBlock block : blocks) {
            block.initialize(manager, dataType, shape);
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        outputNorm.initialize(manager, dataType, shape);
        outputConv.initialize(manager, dataType, shape);
    }
}
