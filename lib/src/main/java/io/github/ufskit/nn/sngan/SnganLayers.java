package io.github.ufskit.nn.sngan;

import io.github.ufskit.nn.layers.SpectralConv2d;

/** Convolutions of the SNGAN networks with sngan_projection's initialization. */
final class SnganLayers {

    /**
     * Gain of the Glorot bound for the 3 x 3 convolutions inside residual blocks; sngan_projection
     * gen_models/resblocks.py and dis_models/resblocks.py use {@code GlorotUniform(math.sqrt(2))}.
     */
    static final double RESIDUAL_GAIN = Math.sqrt(2);

    private SnganLayers() {}

    /**
     * Creates a convolution with bias, stride 1 and same padding: a 3 x 3 kernel is a residual
     * convolution with Glorot gain sqrt(2), a 1 x 1 kernel a shortcut with gain 1.
     */
    static SpectralConv2d convolution(
            int inputChannels, int outputChannels, int kernelSize, boolean spectralNorm) {
        double gain = kernelSize == 1 ? 1.0 : RESIDUAL_GAIN;
        return new SpectralConv2d(
                inputChannels,
                outputChannels,
                kernelSize,
                kernelSize / 2,
                true,
                spectralNorm,
                new GlorotUniformInitializer(gain));
    }
}
