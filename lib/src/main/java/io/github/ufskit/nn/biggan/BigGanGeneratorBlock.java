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
import io.github.ufskit.nn.Resampling;
import io.github.ufskit.nn.layers.ConditionalBatchNorm;
import io.github.ufskit.nn.layers.SpectralConv2d;

/**
 * Upsampling residual block of the BigGAN generator (ajbrock/BigGAN-PyTorch layers.py {@code
 * GBlock}).
 *
 * <p>Main path: conditional batch norm, ReLU, 2x nearest upsampling, 3 x 3 convolution in to out,
 * conditional batch norm, ReLU, 3 x 3 convolution out to out. Shortcut: 2x upsampling, then a
 * 1 x 1 convolution in to out. Both batch norms take their gain and bias from linear maps of the
 * block's condition vector. Every convolution and linear map is spectrally normalized and
 * orthogonally initialized; the convolutions have biases starting at 0. Inputs: x (N, in, h, w)
 * and the condition (N, conditionSize); output (N, out, 2h, 2w).
 */
final class BigGanGeneratorBlock extends AbstractBlock {

    private final int outputChannels;
    private final ConditionalBatchNorm firstNorm;
    private final SpectralConv2d firstConv;
    private final ConditionalBatchNorm secondNorm;
    private final SpectralConv2d secondConv;
    private final SpectralConv2d shortcutConv;

    BigGanGeneratorBlock(int inputChannels, int outputChannels, int conditionSize) {
        this.outputChannels = outputChannels;
        firstNorm =
                addChildBlock(
                        "norm1",
                        ConditionalBatchNorm.projected(inputChannels, conditionSize, true));
        firstConv =
                addChildBlock("conv1", BigGanLayers.convolution(inputChannels, outputChannels, 3));
        secondNorm =
                addChildBlock(
                        "norm2",
                        ConditionalBatchNorm.projected(outputChannels, conditionSize, true));
        secondConv =
                addChildBlock("conv2", BigGanLayers.convolution(outputChannels, outputChannels, 3));
        shortcutConv =
                addChildBlock(
                        "shortcut", BigGanLayers.convolution(inputChannels, outputChannels, 1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        NDArray condition = inputs.get(1);
        NDArray main =
                firstNorm
                        .forward(parameterStore, new NDList(input, condition), training)
                        .singletonOrThrow();
        main = Resampling.upsample(Activation.relu(main));
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main =
                secondNorm
                        .forward(parameterStore, new NDList(main, condition), training)
                        .singletonOrThrow();
        main = Activation.relu(main);
        main = secondConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        NDArray shortcut = Resampling.upsample(input);
        shortcut =
                shortcutConv
                        .forward(parameterStore, new NDList(shortcut), training)
                        .singletonOrThrow();
        return new NDList(main.add(shortcut));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), outputChannels, in.get(2) * 2, in.get(3) * 2)};
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape condition = inputShapes[1];
        Shape up = new Shape(in.get(0), in.get(1), in.get(2) * 2, in.get(3) * 2);
        Shape out = getOutputShapes(new Shape[] {in})[0];
        firstNorm.initialize(manager, dataType, in, condition);
        firstConv.initialize(manager, dataType, up);
        secondNorm.initialize(manager, dataType, out, condition);
        secondConv.initialize(manager, dataType, out);
        shortcutConv.initialize(manager, dataType, up);
    }
}
