package io.github.ufskit.nn.wgangp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/** Resizing operations of the ResNet blocks, on NCHW arrays. */
final class Resampling {

    private Resampling() {}

    /**
     * Doubles height and width by repeating each pixel (nearest-neighbour upsampling).
     *
     * <p>DJL's PyTorch engine has no transposed convolution; the WGAN-GP ResNet generator
     * upsamples and then convolves anyway.
     */
    static NDArray upsample(NDArray images) {
        return images.repeat(2, 2).repeat(3, 2);
    }

    /** Halves height and width by averaging 2 x 2 blocks. */
    static NDArray meanPool(NDArray images) {
        return Pool.avgPool2d(images, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }
}
