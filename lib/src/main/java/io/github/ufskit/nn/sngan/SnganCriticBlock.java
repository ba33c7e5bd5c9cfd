package io.github.ufskit.nn.sngan;

import io.github.ufskit.nn.ResidualCriticBlock;

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
final class SnganCriticBlock {

    private SnganCriticBlock() {}

    /** Creates the optimized first block, which always downsamples. */
    static ResidualCriticBlock optimized(int inputChannels, int outputChannels) {
        return create(inputChannels, outputChannels, true, true);
    }

    /** Creates a pre-activated block. */
    static ResidualCriticBlock preActivated(
            int inputChannels, int outputChannels, boolean downsample) {
        return create(inputChannels, outputChannels, false, downsample);
    }

    private static ResidualCriticBlock create(
            int inputChannels, int outputChannels, boolean first, boolean downsample) {
        int hiddenChannels = first ? outputChannels : inputChannels;
        boolean learnedShortcut = first || downsample || inputChannels != outputChannels;
        return new ResidualCriticBlock(
                SnganLayers.convolution(inputChannels, hiddenChannels, 3, true),
                SnganLayers.convolution(hiddenChannels, outputChannels, 3, true),
                learnedShortcut
                        ? SnganLayers.convolution(inputChannels, outputChannels, 1, true)
                        : null,
                !first,
                downsample);
    }
}
