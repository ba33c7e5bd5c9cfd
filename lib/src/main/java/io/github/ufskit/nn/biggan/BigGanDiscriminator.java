package io.github.ufskit.nn.biggan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.ufskit.nn.ResidualCriticBlock;
import io.github.ufskit.nn.layers.OrthogonalInitializer;
import io.github.ufskit.nn.layers.SelfAttention;
import io.github.ufskit.nn.sngan.ProjectionCritic;

/**
 * The BigGAN discriminator (Brock et al., 2019), after ajbrock/BigGAN-PyTorch BigGAN.py {@code
 * Discriminator} with its default wide blocks, split into D_R and D_L.
 *
 * <p>D_R: residual {@code DBlock}s with the channel plan of {@link BigGanConfig} (the first reads
 * RGB without pre-activation, every block but the last halves the side), self-attention after
 * the block whose output is at the attention resolution, ReLU and global sum pooling into Y (N,
 * 16 W). D_L: a spectrally normalized linear layer 16 W to 1 with bias plus, with classes, the
 * projection term e_y . Y with a spectrally normalized class embedding (see {@link
 * ProjectionCritic}). Every weight starts orthogonal ({@code --D_init ortho}), biases at 0.
 */
public final class BigGanDiscriminator extends ProjectionCritic {

    private final BigGanConfig config;
    private final ResidualCriticBlock[] blocks;
    private final SelfAttention attention;

    private BigGanDiscriminator(BigGanConfig config) {
        super(
                "BigGAN discriminator",
                config.resolution(),
                lastOf(config.discriminatorChannels()),
                config.classes(),
                new OrthogonalInitializer());
        this.config = config;
        int[] channels = config.discriminatorChannels();
        blocks = new ResidualCriticBlock[channels.length];
        for (int i = 0; i < channels.length; i++) {
            int in = i == 0 ? 3 : channels[i - 1];
            boolean downsample = i < channels.length - 1;
            blocks[i] =
                    addChildBlock(
                            "block" + (i + 1),
                            BigGanCriticBlock.create(in, channels[i], i > 0, downsample));
        }
        int attentionBlock = config.discriminatorAttentionBlock();
        attention =
                attentionBlock >= 0
                        ? addChildBlock(
                                "attention", new SelfAttention(channels[attentionBlock], true))
                        : null;
    }

    private static int lastOf(int[] values) {
        return values[values.length - 1];
    }

    /**
     * Creates a discriminator, the entry point the trainer uses.
     *
     * @param config the sizes; see {@link BigGanConfig#resolution128} and {@link
     *     BigGanConfig#resolution64}
     * @return the discriminator, not yet initialized
     */
    public static BigGanDiscriminator create(BigGanConfig config) {
        return new BigGanDiscriminator(config);
    }

    /**
     * Returns the sizes of the discriminator.
     *
     * @return the configuration
     */
    public BigGanConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray body(ParameterStore parameterStore, NDArray images, boolean training) {
        NDArray x = images;
        for (int i = 0; i < blocks.length; i++) {
            x = blocks[i].forward(parameterStore, new NDList(x), training).singletonOrThrow();
            if (attention != null && i == config.discriminatorAttentionBlock()) {
                x = attention.forward(parameterStore, new NDList(x), training).singletonOrThrow();
            }
        }
        return x;
    }

    /** {@inheritDoc} */
    @Override
    protected Shape initializeBody(NDManager manager, DataType dataType, Shape imageShape) {
        Shape shape = imageShape;
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].initialize(manager, dataType, shape);
            shape = blocks[i].getOutputShapes(new Shape[] {shape})[0];
            if (attention != null && i == config.discriminatorAttentionBlock()) {
                attention.initialize(manager, dataType, shape);
            }
        }
        return shape;
    }
}
