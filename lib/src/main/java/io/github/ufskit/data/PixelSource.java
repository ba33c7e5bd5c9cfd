package io.github.ufskit.data;

import ai.djl.ndarray.types.Shape;

/**
 * Images stored as uint8 pixels and read by index: an in-memory {@link ImageDataset} or a
 * memory-mapped {@link PackedDataset}.
 */
public interface PixelSource {

    /**
     * Returns the number of images.
     *
     * @return the size
     */
    int size();

    /**
     * Returns the shape of one image.
     *
     * @return (C, H, W)
     */
    Shape imageShape();

    /**
     * Returns the class label of an image.
     *
     * @param index image index
     * @return the label
     */
    int label(int index);

    /**
     * Returns a copy of one image's pixels in CHW order.
     *
     * @param index image index
     * @return C * H * W bytes, each an unsigned 8-bit value
     */
    byte[] pixels(int index);
}
