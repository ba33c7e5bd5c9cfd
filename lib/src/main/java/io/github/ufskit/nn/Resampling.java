package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.pooling.Pool;

/**
 * Resizing and pooling operations of the residual networks (WGAN-GP, SNGAN, BigGAN), on (N, C,
 * H, W) arrays.
 */
public final class Resampling {

    private Resampling() {}

    /**
     * Doubles height and width by repeating each pixel, like PyTorch's {@code
     * F.interpolate(scale_factor=2)} in its default nearest mode and Chainer's {@code
     * unpooling_2d(x, 2)}. The generators upsample and then convolve, so they need no transposed
     * convolution, which DJL's PyTorch engine lacks.
     *
     * @param images (N, C, H, W)
     * @return (N, C, 2H, 2W)
     */
    public static NDArray upsample(NDArray images) {
        return images.repeat(2, 2).repeat(3, 2);
    }

    /**
     * Halves height and width by averaging 2 x 2 blocks (PyTorch's {@code AvgPool2d(2)}).
     *
     * @param images (N, C, H, W) with even H and W
     * @return (N, C, H/2, W/2)
     */
    public static NDArray meanPool(NDArray images) {
        return Pool.avgPool2d(
                images, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    /**
     * Sums a feature map over its positions, the global sum pooling of the SNGAN and BigGAN
     * discriminators.
     *
     * @param map (N, K, h, w)
     * @return (N, K)
     */
    public static NDArray sumPool(NDArray map) {
        return map.sum(new int[] {2, 3});
    }
}
