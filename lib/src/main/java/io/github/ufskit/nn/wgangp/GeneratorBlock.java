package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import io.github.ufskit.nn.ResidualGeneratorBlock;

/**
 * Upsampling residual block of the WGAN-GP ResNet generator.
 *
 * <p>Main path: batch norm, ReLU, 2x nearest upsampling, 3 x 3 convolution, batch norm, ReLU,
 * 3 x 3 convolution. Shortcut: 2x upsampling and a 1 x 1 convolution. Input (N, in, h, w),
 * output (N, out, 2h, 2w).
 */
final class GeneratorBlock {

    private GeneratorBlock() {}

    /**
     * Creates a block with batch norm and plain convolutions.
     *
     * @param width channels of the input and of every convolution
     * @return the block
     */
    static ResidualGeneratorBlock create(int width) {
        return new ResidualGeneratorBlock(
                BatchNorm.builder().build(),
                convolution(width, 3),
                BatchNorm.builder().build(),
                convolution(width, 3),
                convolution(width, 1));
    }

    /** Creates a stride-1 convolution whose padding keeps height and width. */
    static Conv2d convolution(int filters, int kernel) {
        int padding = kernel / 2;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optPadding(new Shape(padding, padding))
                .build();
    }
}
