package io.github.ufskit.nn.wgangp;

import io.github.ufskit.nn.ResidualCriticBlock;

/**
 * Residual block of the WGAN-GP ResNet critic, without normalization.
 *
 * <p>The first block of the critic reads raw images, so its main path starts with the
 * convolution: 3 x 3 convolution, ReLU, 3 x 3 convolution, 2 x 2 mean pooling, with a shortcut of
 * mean pooling then a 1 x 1 convolution. Later blocks start with ReLU: ReLU, 3 x 3 convolution,
 * ReLU, 3 x 3 convolution, then mean pooling when downsampling. Their shortcut is a 1 x 1
 * convolution (then pooling) when they downsample or change width, else the identity.
 */
final class CriticBlock {

    private CriticBlock() {}

    /**
     * Creates a block with plain convolutions of {@code outputChannels} channels.
     *
     * @param inputChannels channels of the input
     * @param outputChannels channels of both convolutions and of the output
     * @param first true for the block that reads raw images
     * @param downsample true to halve height and width
     * @return the block
     */
    static ResidualCriticBlock create(
            int inputChannels, int outputChannels, boolean first, boolean downsample) {
        boolean projected = first || downsample || inputChannels != outputChannels;
        return new ResidualCriticBlock(
                GeneratorBlock.convolution(outputChannels, 3),
                GeneratorBlock.convolution(outputChannels, 3),
                projected ? GeneratorBlock.convolution(outputChannels, 1) : null,
                !first,
                downsample);
    }
}
