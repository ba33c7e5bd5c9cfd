package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The upsampling residual block shared by the generators of WGAN-GP, SNGAN and BigGAN; each
 * family supplies its own normalizations and convolutions.
 *
 * <p>Main path: the first normalization, ReLU, nearest-neighbour upsampling by 2, the first 3 x
 * 3 convolution, the second normalization, ReLU, the second 3 x 3 convolution. Shortcut:
 * upsampling, then a 1 x 1 convolution. Output: main path plus shortcut, (N, C_out, 2H, 2W).
 *
 * <p>The block's forward takes {@code (x)} or {@code (x, condition)}. A condition (class labels
 * for SNGAN's class-embedding batch norm, a condition vector for BigGAN's projected one) is passed
 * on to both normalizations, which then receive {@code (x, condition)}; plain batch norm receives
 * {@code (x)}.
 */
public final class ResidualGeneratorBlock extends AbstractBlock {

    private final Block firstNorm;
    private final Block firstConv;
    private final Block secondNorm;
    private final Block secondConv;
    private final Block shortcutConv;

    /**
     * Creates the block from its layers, registered as {@code norm1}, {@code conv1}, {@code
     * norm2}, {@code conv2} and {@code shortcut}.
     *
     * @param firstNorm normalization of the input
     * @param firstConv 3 x 3 convolution after upsampling
     * @param secondNorm normalization of the first convolution's output
     * @param secondConv the second 3 x 3 convolution
     * @param shortcutConv 1 x 1 convolution of the upsampled input
     */
    public ResidualGeneratorBlock(
            Block firstNorm,
            Block firstConv,
            Block secondNorm,
            Block secondConv,
            Block shortcutConv) {
        this.firstNorm = addChildBlock("norm1", firstNorm);
        this.firstConv = addChildBlock("conv1", firstConv);
        this.secondNorm = addChildBlock("norm2", secondNorm);
        this.secondConv = addChildBlock("conv2", secondConv);
        this.shortcutConv = addChildBlock("shortcut", shortcutConv);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        NDArray condition = inputs.size() > 1 ? inputs.get(1) : null;
        NDArray main = normalize(firstNorm, parameterStore, input, condition, training);
        main = Resampling.upsample(Activation.relu(main));
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main = normalize(secondNorm, parameterStore, main, condition, training);
        main = Activation.relu(main);
        main = secondConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        NDArray shortcut = Resampling.upsample(input);
        shortcut =
                shortcutConv
                        .forward(parameterStore, new NDList(shortcut), training)
                        .singletonOrThrow();
        return new NDList(main.add(shortcut));
    }

    private static NDArray normalize(
            Block norm,
            ParameterStore parameterStore,
            NDArray x,
            NDArray condition,
            boolean training) {
        NDList inputs = condition == null ? new NDList(x) : new NDList(x, condition);
        return norm.forward(parameterStore, inputs, training).singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        Shape up = new Shape(in.get(0), in.get(1), in.get(2) * 2, in.get(3) * 2);
        Shape hidden = firstConv.getOutputShapes(new Shape[] {up})[0];
        return secondConv.getOutputShapes(new Shape[] {hidden});
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape up = new Shape(in.get(0), in.get(1), in.get(2) * 2, in.get(3) * 2);
        Shape hidden = firstConv.getOutputShapes(new Shape[] {up})[0];
        initializeNorm(firstNorm, manager, dataType, in, inputShapes);
        firstConv.initialize(manager, dataType, up);
        initializeNorm(secondNorm, manager, dataType, hidden, inputShapes);
        secondConv.initialize(manager, dataType, hidden);
        shortcutConv.initialize(manager, dataType, up);
    }

    private static void initializeNorm(
            Block norm, NDManager manager, DataType dataType, Shape shape, Shape[] inputShapes) {
        if (inputShapes.length > 1) {
            norm.initialize(manager, dataType, shape, inputShapes[1]);
        } else {
            norm.initialize(manager, dataType, shape);
        }
    }
}
