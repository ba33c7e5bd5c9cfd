package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Network that maps images to feature vectors for the Fréchet distance.
 *
 * <p>Images come as {@link io.github.ufskit.data.ImageDataset#batch} produces them: float32,
 * NCHW, values in [-1, 1]. The FID of a kit run is labelled with the extractor that produced
 * the features, because scores from different extractors are not comparable.
 */
public interface FeatureExtractor extends AutoCloseable {

    /**
     * Returns the extractor's name, such as {@code "Fashion-MNIST classifier"}.
     *
     * @return a short human-readable name
     */
    String name();

    /**
     * Returns the label of scores computed on this extractor's features, used as the column or
     * row name in every result table.
     *
     * @return {@code "FID (" + name() + " features)"}
     */
    default String scoreLabel() {
        return "FID (" + name() + " features)";
    }

    /**
     * Returns the length of one feature vector.
     *
     * @return the feature dimension D
     */
    int dimension();

    /**
     * Returns the shape of one input image.
     *
     * @return (C, H, W)
     */
    Shape inputShape();

    /**
     * Returns an identifier of the extractor's weights, so that statistics cached for one
     * version of the weights are never reused with another.
     *
     * @return a short string of file-name-safe characters
     */
    String fingerprint();

    /**
     * Computes the features of a batch of images.
     *
     * @param images float32 images in [-1, 1] of shape (N, C, H, W) with (C, H, W) equal to
     *     {@link #inputShape()}
     * @return float32 features of shape (N, {@link #dimension()}), attached to the manager of
     *     {@code images}
     * @throws IllegalArgumentException if the shape or data type is wrong
     */
    NDArray extract(NDArray images);

    /** Releases the extractor's native memory; the default does nothing. */
    @Override
    default void close() {}
}
