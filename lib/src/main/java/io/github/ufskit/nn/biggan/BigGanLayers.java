package io.github.ufskit.nn.biggan;

import io.github.ufskit.nn.layers.OrthogonalInitializer;
import io.github.ufskit.nn.layers.SpectralConv2d;

/** Convolutions of the BigGAN networks. */
final class BigGanLayers {

    private BigGanLayers() {}

    /**
     * Creates a spectrally normalized convolution with bias, stride 1 and same padding, whose
     * kernel starts orthogonal (BigGAN-PyTorch's default {@code --G_init ortho --D_init ortho}).
     */
    static SpectralConv2d convolution(int inputChannels, int outputChannels, int kernelSize) {
        return new SpectralConv2d(
                inputChannels,
                outputChannels,
                kernelSize,
                kernelSize / 2,
                true,
                true,
                new OrthogonalInitializer());
    }
}
