package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Residual block of the WGAN-GP ResNet critic, without normalization.
 *
 * <p>The first block of the critic reads raw images, so its main path starts with the
 * convolution: 3 x 3 convolution, ReLU, 3 x 3 convolution, 2 x 2 mean pooling, with a shortcut of
 * mean pooling then a 1 x 1 convolution. Later blocks start with ReLU: ReLU, 3 x 3 convolution,
 * ReLU, 3 x 3 convolution, then mean pooling when downsampling. Their shortcut is a 1 x 1
 * convolution (then pooling) when they downsample or change width, else the identity.
 */
final class CriticBlock extends AbstractBlock {

    private final boolean first;
    private final boolean downsample;
    private final Conv2d firstConv;
    private final Conv2d secondConv;
    private final Conv2d shortcutConv;

    CriticBlock(int inputChannels, int outputChannels, boolean first, boolean downsample) {
        this.first = first;
        this.downsample = downsample;
        firstConv = addChildBlock("conv1", GeneratorBlock.convolution(outputChannels, 3));
        secondConv = addChildBlock("conv2", GeneratorBlock.convolution(outputChannels, 3));
        boolean projected = first || downsample || inputChannels != outputChannels;
        shortcutConv =
                projected
                        ? addChildBlock("shortcut", GeneratorBlock.convolution(outputChannels, 1))
                        : null;
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
                shortcutConv.forward(parameterStore, new NDList(input), training).singletonOrThrow();
        return downsample ? Resampling.meanPool(projected) : projected;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape convolved = firstConv.getOutputShapes(inputShapes)[0];
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
        Shape mid = firstConv.getOutputShapes(new Shape[] {in})[0];
        secondConv.initialize(manager, dataType, mid);
        if (shortcutConv != null) {
            Shape shortcutInput =
                    first ? new Shape(in.get(0), in.get(1), in.get(2) / 2, in.get(3) / 2) : in;
            shortcutConv.initialize(manager, dataType, shortcutInput);
        }
    }
}
