package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.layers.SpectralConv2d;

/**
 * Residual block of the SNGAN discriminator, every convolution spectrally normalized
 * (sngan_projection dis_models/resblocks.py).
 *
 * <p>The optimized first block ({@code OptimizedBlock}) reads raw images: 3 x 3 convolution in to
 * out, ReLU, 3 x 3 convolution out to out, 2 x 2 mean pooling; shortcut: mean pooling, then a
 * 1 x 1 convolution. A later block ({@code Block}) is pre-activated and keeps the input width
 * inside: ReLU, 3 x 3 convolution in to in, ReLU, 3 x 3 convolution in to out, and mean pooling
 * when it downsamples. Its shortcut is a 1 x 1 convolution (then pooling) when it downsamples or
 * changes width, else the identity.
 */
final class SnganCriticBlock extends AbstractBlock {

    private final boolean first;
    private final boolean downsample;
    private final int outputChannels;
    private final SpectralConv2d firstConv;
    private final SpectralConv2d secondConv;
    private final SpectralConv2d shortcutConv;

    private SnganCriticBlock(
            int inputChannels, int outputChannels, boolean first, boolean downsample) {
        this.first = first;
        this.downsample = downsample;
        this.outputChannels = outputChannels;
        int hiddenChannels = first ? outputChannels : inputChannels;
        firstConv =
                addChildBlock(
                        "conv1", SnganLayers.convolution(inputChannels, hiddenChannels, 3, true));
        secondConv =
                addChildBlock(
                        "conv2", SnganLayers.convolution(hiddenChannels, outputChannels, 3, true));
        boolean learnedShortcut = first || downsample || inputChannels != outputChannels;
        shortcutConv =
                learnedShortcut
                        ? addChildBlock(
                                "shortcut",
                                SnganLayers.convolution(inputChannels, outputChannels, 1, true))
                        : null;
    }

    /** Creates the optimized first block, which always downsamples. */
    static SnganCriticBlock optimized(int inputChannels, int outputChannels) {
        return new SnganCriticBlock(inputChannels, outputChannels, true, true);
    }

    /** Creates a pre-activated block. */
    static SnganCriticBlock preActivated(
            int inputChannels, int outputChannels, boolean downsample) {
        return new SnganCriticBlock(inputChannels, outputChannels, false, downsample);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray main = first ? input : Activation.relu(input);
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main = Activation.relu(main);
        main = secondConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        if (downsample) {
            main = Resampling.meanPool(main);
        }
        return new NDList(main.add(shortcut(parameterStore, input, training)));
    }

    private NDArray shortcut(ParameterStore parameterStore, NDArray input, boolean training) {
        if (shortcutConv == null) {
            return input;
        }
        if (first) {
            NDArray pooled = Resampling.meanPool(input);
            return shortcutConv
                    .forward(parameterStore, new NDList(pooled), training)
                    .singletonOrThrow();
        }
        NDArray projected =
                shortcutConv
                        .forward(parameterStore, new NDList(input), training)
                        .singletonOrThrow();
        return downsample ? Resampling.meanPool(projected) : projected;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        int divisor = downsample ? 2 : 1;
        return new Shape[] {
            new Shape(in.get(0), outputChannels, in.get(2) / divisor, in.get(3) / divisor)
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
                    first ? new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2) : in;
            shortcutConv.initialize(manager, dataType, shortcutInput);
        }
    }
}
