package io.github.ufskit.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * A generator G that maps noise z, and for a class-conditional model a class label, to images.
 *
 * <p>Its block forward takes {@code (noise)} or, when {@link #classCount()} is positive, {@code
 * (noise, labels)} and returns images (N, C, H, W) in [-1, 1].
 */
public interface ImageGenerator extends Block {

    /**
     * Returns the size of the noise vector z.
     *
     * @return the latent dimension
     */
    int latentDimension();

    /**
     * Returns the number of classes the generator is conditioned on.
     *
     * @return 0 for an unconditional generator
     */
    int classCount();

    /**
     * Returns the side of the square images the generator draws.
     *
     * @return height and width in pixels
     */
    int imageSize();

    /**
     * Returns the number of image channels.
     *
     * @return 1 for grayscale, 3 for RGB
     */
    int imageChannels();

    /**
     * Initializes the parameters for noise batches of any size.
     *
     * @param manager the manager that owns the parameters
     */
    void initialize(NDManager manager);

    /**
     * Draws images.
     *
     * @param parameterStore the generator's parameter store
     * @param noise z, shape (N, latentDimension)
     * @param labels int64 class labels (N) for a conditional generator, null for an unconditional
     *     one
     * @param training true in a training pass: batch norm uses batch statistics and updates its
     *     running averages, spectral norm runs its power iteration
     * @return images (N, C, H, W) in [-1, 1]
     */
    NDArray generate(
            ParameterStore parameterStore, NDArray noise, NDArray labels, boolean training);
}
