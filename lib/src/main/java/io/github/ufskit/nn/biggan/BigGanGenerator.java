package io.github.ufskit.nn.biggan;

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
import io.github.ufskit.nn.layers.OrthogonalInitializer;
import io.github.ufskit.nn.layers.SelfAttention;
import io.github.ufskit.nn.layers.SpectralConv2d;
import io.github.ufskit.nn.layers.SpectralEmbedding;
import io.github.ufskit.nn.layers.SpectralLinear;
import io.github.ufskit.nn.sngan.ClassLabels;

/**
 * The BigGAN generator (Brock et al., 2019), after ajbrock/BigGAN-PyTorch BigGAN.py {@code
 * Generator} with {@code --hier --G_shared}.
 *
 * <p>Hierarchical latent: z (N, latent) is split into B + 1 equal chunks for B blocks. Chunk 0
 * goes through a spectrally normalized linear layer to (N, 16 W, 4, 4). Block i gets the
 * condition concat(shared(y), chunk i) of length sharedEmbeddingSize + chunk. Here shared is a
 * class embedding (classes, sharedEmbeddingSize), common to all blocks and not spectrally
 * normalized. An unconditional generator uses the chunk alone. Each {@code GBlock} doubles the
 * side (4 to 128 or 64); self-attention follows the block whose output is at the attention
 * resolution. Output: batch norm with learned gain and bias, ReLU, spectrally normalized 3 x 3
 * convolution to 3 channels, tanh, giving (N, 3, S, S) in [-1, 1].
 *
 * <p>Every weight, the shared embedding included, starts orthogonal: BigGAN-PyTorch's {@code
 * init_weights} with {@code --G_init ortho} applies {@code init.orthogonal_} to every Conv2d,
 * Linear and Embedding module. Biases start at 0, as PyTorch-StudioGAN's ortho initialization
 * does (BigGAN-PyTorch keeps PyTorch's default uniform bias draw). Batch norms use eps 1e-5 and
 * momentum 0.1 as the reference. The shared embedding's parameter path contains "embedding", so
 * {@link io.github.ufskit.nn.layers.OrthogonalRegularization} skips it, as the reference's
 * orthogonal regularization skips {@code G.shared}.
 */
public final class BigGanGenerator extends AbstractBlock implements ImageGenerator {

    private static final int START_SIZE = 4;

    private final BigGanConfig config;
    private final int[] channels;
    private final SpectralEmbedding sharedEmbedding;
    private final SpectralLinear projection;
    private final ResidualGeneratorBlock[] blocks;
    private final SelfAttention attention;
    private final BatchNorm outputNorm;
    private final SpectralConv2d outputConv;

    private BigGanGenerator(BigGanConfig config) {
        this.config = config;
        this.channels = config.generatorChannels();
        sharedEmbedding =
                config.classes() > 0
                        ? addChildBlock(
                                "embedding",
                                new SpectralEmbedding(
                                        config.classes(),
                                        config.sharedEmbeddingSize(),
                                        false,
                                        new OrthogonalInitializer()))
                        : null;
        projection =
                addChildBlock(
                        "projection",
                        new SpectralLinear(
                                config.chunkSize(),
                                START_SIZE * START_SIZE * channels[0],
                                true,
                                true,
                                new OrthogonalInitializer()));
        blocks = new ResidualGeneratorBlock[config.generatorBlocks()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] =
                    addChildBlock(
                            "block" + (i + 1),
                            BigGanGeneratorBlock.create(
                                    channels[i], channels[i + 1], config.conditionSize()));
        }
        int attentionBlock = config.generatorAttentionBlock();
        attention =
                attentionBlock >= 0
                        ? addChildBlock(
                                "attention", new SelfAttention(channels[attentionBlock + 1], true))
                        : null;
        int last = channels[channels.length - 1];
        outputNorm = addChildBlock("outputNorm", BatchNorm.builder().build());
        outputConv = addChildBlock("outputConv", BigGanLayers.convolution(last, 3, 3));
    }

    /**
     * Creates a generator, the entry point the trainer uses.
     *
     * @param config the sizes; see {@link BigGanConfig#resolution128} and {@link
     *     BigGanConfig#resolution64}
     * @return the generator, not yet initialized
     */
    public static BigGanGenerator create(BigGanConfig config) {
        return new BigGanGenerator(config);
    }

    /**
     * Returns the sizes of the generator.
     *
     * @return the configuration
     */
    public BigGanConfig config() {
        return config;
    }

    /** {@inheritDoc} */
    @Override
    public int latentDimension() {
        return config.latentDimension();
    }

    /** {@inheritDoc} */
    @Override
    public int classCount() {
        return config.classes();
    }

    /** {@inheritDoc} */
    @Override
    public int imageSize() {
        return config.resolution();
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

    /** {@inheritDoc} */
    @Override
    public void initialize(NDManager manager) {
        Shape noise = new Shape(1, config.latentDimension());
        if (config.classes() > 0) {
            initialize(manager, DataType.FLOAT32, noise, new Shape(1));
        } else {
            initialize(manager, DataType.FLOAT32, noise);
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
        long batch = noise.getShape().get(0);
        NDList chunks = noise.split(blocks.length + 1, 1);
        NDArray shared =
                sharedEmbedding == null
                        ? null
                        : sharedEmbedding.rows(parameterStore, labels, training);

        NDArray x =
                projection
                        .forward(parameterStore, new NDList(chunks.get(0)), training)
                        .singletonOrThrow();
        x = x.reshape(batch, channels[0], START_SIZE, START_SIZE);
        for (int i = 0; i < blocks.length; i++) {
            NDArray chunk = chunks.get(i + 1);
            NDArray condition = shared == null ? chunk : shared.concat(chunk, 1);
            x =
                    blocks[i]
                            .forward(parameterStore, new NDList(x, condition), training)
                            .singletonOrThrow();
            if (attention != null && i == config.generatorAttentionBlock()) {
                x = attention.forward(parameterStore, new NDList(x), training).singletonOrThrow();
            }
        }
        x = outputNorm.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        x = Activation.relu(x);
        x = outputConv.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return new NDList(x.tanh());
    }

    private void checkInputs(NDArray noise, NDArray labels) {
        Shape shape = noise.getShape();
        if (shape.dimension() != 2 || shape.get(1) != config.latentDimension()) {
            throw new IllegalArgumentException(
                    "BigGAN generator expects noise (N, "
                            + config.latentDimension()
                            + "), got "
                            + shape);
        }
        if (config.classes() > 0) {
            ClassLabels.check(labels, shape.get(0), config.classes(), "BigGAN generator");
        } else if (labels != null) {
            throw new IllegalArgumentException(
                    "BigGAN generator is unconditional (0 classes) but got labels; pass null"
                            + " labels or build it with the number of classes");
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        int size = config.resolution();
        return new Shape[] {new Shape(inputShapes[0].get(0), 3, size, size)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        if (sharedEmbedding != null) {
            sharedEmbedding.initialize(manager, dataType, new Shape(batch));
        }
        projection.initialize(manager, dataType, new Shape(batch, config.chunkSize()));
        Shape condition = new Shape(batch, config.conditionSize());
        Shape shape = new Shape(batch, channels[0], START_SIZE, START_SIZE);
        for (int i = 0; i < blocks.length; i++) {
            blocks[i].initialize(manager, dataType, shape, condition);
            shape = blocks[i].getOutputShapes(new Shape[] {shape})[0];
            if (attention != null && i == config.generatorAttentionBlock()) {
                attention.initialize(manager, dataType, shape);
            }
        }
        outputNorm.initialize(manager, dataType, shape);
        outputConv.initialize(manager, dataType, shape);
    }
}
