package io.github.ufskit.nn.biggan;

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
import io.github.ufskit.nn.sngan.Resampling;

/**
 * Residual block of the BigGAN discriminator (ajbrock/BigGAN-PyTorch layers.py {@code DBlock}
 * with {@code wide=True}), every convolution spectrally normalized and orthogonally initialized.
 *
 * <p>Main path: ReLU (pre-activated blocks only, every block but the first), 3 x 3 convolution in
 * to out, ReLU, 3 x 3 convolution out to out, 2 x 2 mean pooling when downsampling. The shortcut
 * is a learned 1 x 1 convolution when the block downsamples or changes width, else the identity.
 * The first block's shortcut pools and then convolves, a pre-activated block's convolves and
 * then pools.
 */
final class BigGanCriticBlock extends AbstractBlock {

    private final boolean preActivation;
    private final boolean downsample;
    private final int outputChannels;
    private final SpectralConv2d firstConv;
    private final SpectralConv2d secondConv;
    private final SpectralConv2d shortcutConv;

    BigGanCriticBlock(
            int inputChannels, int outputChannels, boolean preActivation, boolean downsample) {
        this.preActivation = preActivation;
        this.downsample = downsample;
        this.outputChannels = outputChannels;
        firstConv =
                addChildBlock("conv1", BigGanLayers.convolution(inputChannels, outputChannels, 3));
        secondConv =
                addChildBlock("conv2", BigGanLayers.convolution(outputChannels, outputChannels, 3));
        boolean learnedShortcut = downsample || inputChannels != outputChannels;
        shortcutConv =
                learnedShortcut
                        ? addChildBlock(
                                "shortcut",
                                BigGanLayers.convolution(inputChannels, outputChannels, 1))
                        : null;
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
                    !preActivation && downsample
                            ? new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2)
                            : in;
            shortcutConv.initialize(manager, dataType, shortcutInput);
        }
    }
}
