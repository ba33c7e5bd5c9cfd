package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.ufskit.nn.ResidualCriticBlock;

/**
 * The ResNet discriminator of SNGAN (Miyato et al., 2018) with the projection head of Miyato and
 * Koyama (2018), after sngan_projection's dis_models/snresnet_32.py and snresnet_64.py. Every
 * convolution, D_L and the class embedding are spectrally normalized.
 *
 * <p>D_R: an optimized first block from RGB to the first width with downsampling, further
 * residual blocks ({@link #resolution32} and {@link #resolution64} list them), ReLU and global sum
 * pooling into Y (N, K). D_L: a linear layer K to 1 with bias plus, with classes, the projection
 * term e_y . Y (see {@link ProjectionCritic}).
 *
 * <p>Initialization follows sngan_projection: Glorot uniform with gain sqrt(2) for the 3 x 3
 * convolutions, gain 1 for the 1 x 1 shortcuts, D_L and the embedding; biases 0.
 */
public final class SnganDiscriminator extends ProjectionCritic {

    /** Width of the 32 x 32 discriminator in sngan_projection configs/sn_cifar10_*.yml. */
    public static final int PAPER_WIDTH_32 = 128;

    /** Width of the 64 x 64 discriminator in configs/sn_projection_dog_and_cat_64.yml. */
    public static final int PAPER_WIDTH_64 = 64;

    private final ResidualCriticBlock[] blocks;

    private SnganDiscriminator(int imageSize, int classes, int[] channels, boolean[] downsample) {
        super(
                "SNGAN discriminator",
                imageSize,
                channels[channels.length - 1],
                classes,
                new GlorotUniformInitializer(1.0));
        blocks = new ResidualCriticBlock[channels.length];
        blocks[0] = addChildBlock("block1", SnganCriticBlock.optimized(3, channels[0]));
        for (int i = 1; i < channels.length; i++) {
            blocks[i] =
                    addChildBlock(
                            "block" + (i + 1),
                            SnganCriticBlock.preActivated(
                                    channels[i - 1], channels[i], downsample[i]));
        }
    }

    /**
     * Creates the 32 x 32 discriminator of the SN-GAN paper's CIFAR-10 ResNet (sngan_projection
     * dis_models/snresnet_32.py): optimized block 3 to width (32 to 16), a block width to width
     * (16 to 8) and two blocks width to width at 8 x 8.
     *
     * <p>snresnet_32.py builds D_L without bias ({@code nobias=True}); this critic keeps the bias
     * of {@link io.github.ufskit.nn.LastLinearLayer}, one parameter more.
     *
     * @param width channels of every block, at least 1; the reference uses {@value
     *     #PAPER_WIDTH_32}
     * @param classes number of classes for the projection, 0 for unconditional
     * @return the critic, not yet initialized
     */
    public static SnganDiscriminator resolution32(int width, int classes) {
        check(width, classes);
        return new SnganDiscriminator(
                32,
                classes,
                new int[] {width, width, width, width},
                new boolean[] {true, true, false, false});
    }

    /**
     * Creates the 64 x 64 discriminator of sngan_projection dis_models/snresnet_64.py: optimized
     * block 3 to width (64 to 32), then blocks width to 2 width to 4 width to 8 width to 16 width,
     * each downsampling (32 to 2).
     *
     * @param width the base width, at least 1; the reference uses {@value #PAPER_WIDTH_64}
     * @param classes number of classes for the projection, 0 for unconditional; the reference's
     *     dog and cat experiment has 143
     * @return the critic, not yet initialized
     */
    public static SnganDiscriminator resolution64(int width, int classes) {
        check(width, classes);
        return new SnganDiscriminator(
                64,
                classes,
                new int[] {width, 2 * width, 4 * width, 8 * width, 16 * width},
                new boolean[] {true, true, true, true, true});
    }

    private static void check(int width, int classes) {
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
    protected NDArray body(ParameterStore parameterStore, NDArray images, boolean training) {
        NDArray x = images;
        for (ResidualCriticBlock block : blocks) {
            x = block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        return x;
    }

    /** {@inheritDoc} */
    @Override
    protected Shape initializeBody(NDManager manager, DataType dataType, Shape imageShape) {
        Shape shape = imageShape;
        for (ResidualCriticBlock block : blocks) {
            block.initialize(manager, dataType, shape);
            shape = block.getOutputShapes(new Shape[] {shape})[0];
        }
        return shape;
    }
}
