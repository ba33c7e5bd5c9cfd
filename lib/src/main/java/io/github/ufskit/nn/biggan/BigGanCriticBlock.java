package io.github.ufskit.nn.biggan;

import io.github.ufskit.nn.ResidualCriticBlock;

/**
 * Residual block of the BigGAN discriminator (ajbrock/BigGAN-PyTorch layers.py {@code DBlock}
 * with {@code wide=True}), every convolution spectrally normalized and orthogonally initialized.
 *
 * <p>Main path: ReLU (pre-activated blocks only, every block but the first), 3 x 3 convolution in
 * to out, ReLU, 3 x 3 convolution out to out, 2 x 2 mean pooling when downsampling. The shortcut
 * is a learned 1 x 1 convolution when the block downsamples or changes width, else the identity.
 * The first block's shortcut pools and then convolves, a pre-activated block's convolves and
 * then pools.
 */
final class BigGanCriticBlock {

    private BigGanCriticBlock() {}

    /**
     * Creates a block.
     *
     * @param inputChannels channels of the input
     * @param outputChannels channels of both convolutions and of the output
     * @param preActivation false for the first block, true for the others
     * @param downsample true to halve height and width
     * @return the block
     */
    static ResidualCriticBlock create(
            int inputChannels, int outputChannels, boolean preActivation, boolean downsample) {
        boolean learnedShortcut = downsample || inputChannels != outputChannels;
        return new ResidualCriticBlock(
                BigGanLayers.convolution(inputChannels, outputChannels, 3),
                BigGanLayers.convolution(outputChannels, outputChannels, 3),
                learnedShortcut ? BigGanLayers.convolution(inputChannels, outputChannels, 1) : null,
                preActivation,
                downsample);
    }
}
