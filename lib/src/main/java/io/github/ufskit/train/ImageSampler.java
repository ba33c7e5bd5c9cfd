package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Draws images from a trained generator. */
@FunctionalInterface
public interface ImageSampler {

    /**
     * Generates images from seeded noise.
     *
     * @param manager the manager that owns the images
     * @param count number of images
     * @param seed seed of the noise; the same seed gives the same images
     * @return images (count, C, H, W) in [-1, 1]
     */
    NDArray sample(NDManager manager, int count, long seed);
}
