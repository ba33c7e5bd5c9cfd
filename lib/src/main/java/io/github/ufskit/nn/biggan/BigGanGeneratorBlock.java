package io.github.ufskit.nn.biggan;

import io.github.ufskit.nn.ResidualGeneratorBlock;
import io.github.ufskit.nn.layers.ConditionalBatchNorm;

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
final class BigGanGeneratorBlock {

    private BigGanGeneratorBlock() {}

    /**
     * Creates a block; its forward takes {@code (x, condition)}.
     *
     * @param inputChannels channels of the input
     * @param outputChannels channels of both convolutions and of the output
     * @param conditionSize length of the block's condition vector
     * @return the block
     */
    static ResidualGeneratorBlock create(int inputChannels, int outputChannels, int conditionSize) {
        return new ResidualGeneratorBlock(
                ConditionalBatchNorm.projected(inputChannels, conditionSize, true),
                BigGanLayers.convolution(inputChannels, outputChannels, 3),
                ConditionalBatchNorm.projected(outputChannels, conditionSize, true),
                BigGanLayers.convolution(outputChannels, outputChannels, 3),
                BigGanLayers.convolution(inputChannels, outputChannels, 1));
    }
}
