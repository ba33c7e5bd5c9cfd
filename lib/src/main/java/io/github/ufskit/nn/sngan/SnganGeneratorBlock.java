package io.github.ufskit.nn.sngan;

import ai.djl.nn.Block;
import ai.djl.nn.norm.BatchNorm;
import io.github.ufskit.nn.ResidualGeneratorBlock;
import io.github.ufskit.nn.layers.ConditionalBatchNorm;

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
final class SnganGeneratorBlock {

    private SnganGeneratorBlock() {}

    /**
     * Creates a block; its forward takes {@code (x, labels)} when it has classes, else {@code
     * (x)}.
     *
     * @param inputChannels channels of the input
     * @param outputChannels channels of both convolutions and of the output
     * @param classes number of classes for conditional batch norm, 0 for plain batch norm
     * @return the block
     */
    static ResidualGeneratorBlock create(int inputChannels, int outputChannels, int classes) {
        return new ResidualGeneratorBlock(
                norm(inputChannels, classes),
                SnganLayers.convolution(inputChannels, outputChannels, 3, false),
                norm(outputChannels, classes),
                SnganLayers.convolution(outputChannels, outputChannels, 3, false),
                SnganLayers.convolution(inputChannels, outputChannels, 1, false));
    }

    private static Block norm(int channels, int classes) {
        return classes > 0
                ? ConditionalBatchNorm.classEmbedding(channels, classes)
                : BatchNorm.builder().build();
    }
}
