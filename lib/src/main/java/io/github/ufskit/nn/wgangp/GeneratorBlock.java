package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.nn.Resampling;

/**
 * Upsampling residual block of the WGAN-GP ResNet generator.
 *
 * <p>Main path: batch norm, ReLU, 2x nearest upsampling, 3 x 3 convolution, batch norm, ReLU,
 * 3 x 3 convolution. Shortcut: 2x upsampling and a 1 x 1 convolution. Input (N, in, h, w),
 * output (N, out, 2h, 2w).
 */
final class GeneratorBlock extends AbstractBlock {

    private final BatchNorm firstNorm;
    private final Conv2d firstConv;
    private final BatchNorm secondNorm;
    private final Conv2d secondConv;
    private final Conv2d shortcutConv;

    GeneratorBlock(int outputChannels) {
        firstNorm = addChildBlock("norm1", BatchNorm.builder().build());
        firstConv = addChildBlock("conv1", convolution(outputChannels, 3));
        secondNorm = addChildBlock("norm2", BatchNorm.builder().build());
        secondConv = addChildBlock("conv2", convolution(outputChannels, 3));
        shortcutConv = addChildBlock("shortcut", convolution(outputChannels, 1));
    }

    static Conv2d convolution(int filters, int kernel) {
        int padding = kernel / 2;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding))
                .build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.singletonOrThrow();
        NDArray main = firstNorm.forward(parameterStore, inputs, training).singletonOrThrow();
        main = Resampling.upsample(Activation.relu(main));
        main = firstConv.forward(parameterStore, new NDList(main), training).singletonOrThrow();
        main = secondNorm.forward(parameterStore, new NDList(main), training).singletonOrThrow();
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
        Shape up = new Shape(in.get(0), in.get(1), in.get(2) * 2, in.get(3) * 2);
        return firstConv.getOutputShapes(new Shape[] {up});
    }

    @Override
    protected void initializeChildBlocks(
            NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape in = inputShapes[0];
        Shape up = new Shape(in.get(0), in.get(1), in.get(2) * 2, in.get(3) * 2);
        firstNorm.initialize(manager, dataType, in);
        firstConv.initialize(manager, dataType, up);
        Shape mid = firstConv.getOutputShapes(new Shape[] {up})[0];
        secondNorm.initialize(manager, dataType, mid);
        secondConv.initialize(manager, dataType, mid);
        shortcutConv.initialize(manager, dataType, up);
    }
}
