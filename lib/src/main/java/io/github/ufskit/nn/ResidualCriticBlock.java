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
 * The residual block shared by the critics of WGAN-GP, SNGAN and BigGAN; each family supplies
 * its own convolutions (plain or spectrally normalized, with its own widths and initialization).
 *
 * <p>Main path: ReLU (pre-activated blocks only), the first 3 x 3 convolution, ReLU, the second
 * 3 x 3 convolution, and 2 x 2 mean pooling when the block downsamples. Shortcut: the identity, or
 * a 1 x 1 convolution. A block that reads raw images (not pre-activated) pools its shortcut
 * before the convolution; a pre-activated block pools after it. Output: main path plus shortcut,
 * (N, C_out, H, W), or (N, C_out, H/2, W/2) when downsampling.
 */
public final class ResidualCriticBlock extends AbstractBlock {

    private final boolean preActivation;
    private final boolean downsample;
    private final Block firstConv;
    private final Block secondConv;
    private final Block shortcutConv;

    /**
     * Creates the block from its convolutions.
     *
     * @param firstConv the first 3 x 3 convolution, registered as {@code conv1}
     * @param secondConv the second 3 x 3 convolution, registered as {@code conv2}
     * @param shortcutConv the 1 x 1 convolution of the shortcut, registered as {@code shortcut},
     *     or null for an identity shortcut
     * @param preActivation false for a block that reads raw images, true for a block that starts
     *     with ReLU
     * @param downsample true to halve height and width
     */
    public ResidualCriticBlock(
            Block firstConv,
            Block secondConv,
            Block shortcutConv,
            boolean preActivation,
            boolean downsample) {
        if (downsample && shortcutConv == null) {
            throw new IllegalArgumentException(
                    "a downsampling block needs a 1 x 1 shortcut convolution, got null");
        }
        this.preActivation = preActivation;
        this.downsample = downsample;
        this.firstConv = addChildBlock("conv1", firstConv);
        this.secondConv = addChildBlock("conv2", secondConv);
        this.shortcutConv = shortcutConv == null ? null : addChildBlock("shortcut", shortcutConv);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray main = preActivation ? Activation.relu(input) : input;
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main = Activation.relu(main);
        main = secondConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        if (downsample) {
            main = Resampling.meanPool(main);
        }
        return new NDList(main.add(shortcut(parameterStore, input, training)));
    }

    private NDArray shortcut(ParameterStore parameterStore, NDArray input, boolean training) {
        NDArray x = input;
        if (!preActivation && downsample) {
            x = Resampling.meanPool(x);
        }
        if (shortcutConv != null) {
            x = shortcutConv.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        }
        if (preActivation && downsample) {
            x = Resampling.meanPool(x);
        }
        return x;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape hidden = firstConv.getOutputShapes(inputShapes)[0];
        Shape convolved = secondConv.getOutputShapes(new Shape[] {hidden})[0];
        if (!downsample) {
            return new Shape[] {convolved};
        }
        return new Shape[] {
            new Shape(convolved.get(0), convolved.get(1), convolved.get(2) / 2, convolved.get(3) / 2)
        };
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        firstConv.initialize(manager, dataType, in);
        Shape hidden = firstConv.getOutputShapes(new Shape[] {in})[0];
        secondConv.initialize(manager, dataType, hidden);
        if (shortcutConv != null) {
            Shape shortcutInput =
                    !preActivation && downsample
                            ? new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2)
                            : in;
            shortcutConv.initialize(manager, dataType, shortcutInput);
        }
    }
}
