package io.github.ufskit.nn.sngan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.Resampling;
import io.github.ufskit.nn.layers.ConditionalBatchNorm;
import io.github.ufskit.nn.layers.SpectralConv2d;

/**
 * Upsampling residual block of the SNGAN generator (sngan_projection gen_models/resblocks.py
 * {@code Block} with {@code upsample=True}).
 *
 * <p>Main path: batch norm, ReLU, 2x nearest upsampling, 3 x 3 convolution in to out, batch norm,
 * ReLU, 3 x 3 convolution out to out. Shortcut: 2x upsampling and a 1 x 1 convolution in to out.
 * Input (N, in, h, w) and, for a conditional block, labels (N); output (N, out, 2h, 2w). The
 * batch norms are plain (learned gain and bias per channel) or, with classes, class-conditional
 * with per-class gain and bias tables. No spectral normalization.
 */
final class SnganGeneratorBlock extends AbstractBlock {

    private final int outputChannels;
    private final boolean conditional;
    private final Block firstNorm;
    private final SpectralConv2d firstConv;
    private final Block secondNorm;
    private final SpectralConv2d secondConv;
    private final SpectralConv2d shortcutConv;

    SnganGeneratorBlock(int inputChannels, int outputChannels, int classes) {
        this.outputChannels = outputChannels;
        this.conditional = classes > 0;
        firstNorm = addChildBlock("norm1", norm(inputChannels, classes));
        firstConv =
                addChildBlock(
                        "conv1", SnganLayers.convolution(inputChannels, outputChannels, 3, false));
        secondNorm = addChildBlock("norm2", norm(outputChannels, classes));
        secondConv =
                addChildBlock(
                        "conv2", SnganLayers.convolution(outputChannels, outputChannels, 3, false));
        shortcutConv =
                addChildBlock(
                        "shortcut",
                        SnganLayers.convolution(inputChannels, outputChannels, 1, false));
    }

    private static Block norm(int channels, int classes) {
        return classes > 0
                ? ConditionalBatchNorm.classEmbedding(channels, classes)
                : BatchNorm.builder().build();
    }

    private NDArray normalize(
            Block norm,
            ParameterStore parameterStore,
            NDArray x,
            NDArray labels,
            boolean training) {
        NDList inputs = conditional ? new NDList(x, labels) : new NDList(x);
        return norm.forward(parameterStore, inputs, training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.get(0);
        NDArray labels = conditional ? inputs.get(1) : null;
        NDArray main = normalize(firstNorm, parameterStore, input, labels, training);
        main = Resampling.upsample(Activation.relu(main));
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main = normalize(secondNorm, parameterStore, main, labels, training);
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
        long batch = in.get(0);
        Shape up = new Shape(batch, in.get(1), in.get(2) * 2, in.get(3) * 2);
        Shape out = getOutputShapes(new Shape[] {in})[0];
        initializeNorm(firstNorm, manager, dataType, in);
        firstConv.initialize(manager, dataType, up);
        initializeNorm(secondNorm, manager, dataType, out);
        secondConv.initialize(manager, dataType, out);
        shortcutConv.initialize(manager, dataType, up);
    }

    private void initializeNorm(Block norm, NDManager manager, DataType dataType, Shape shape) {
        if (conditional) {
            norm.initialize(manager, dataType, shape, new Shape(shape.get(0)));
        } else {
            norm.initialize(manager, dataType, shape);
        }
    }
}
