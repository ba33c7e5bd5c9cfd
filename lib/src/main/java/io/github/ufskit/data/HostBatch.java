package io.github.ufskit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;

/**
 * A batch of images and labels gathered in host memory, ready to become arrays on the device.
 *
 * @param pixels uint8 pixels of every image, NCHW
 * @param labels the class label of each image
 * @param imageShape (C, H, W) of one image
 */
public record HostBatch(byte[] pixels, long[] labels, Shape imageShape) {

    /**
     * Copies the images with the given indices out of a source.
     *
     * @param source the images
     * @param indices image indices, each in [0, size)
     * @return the batch
     */
    public static HostBatch gather(PixelSource source, int[] indices) {
        Shape shape = source.imageShape();
        int imageBytes = (int) shape.size();
        byte[] pixels = new byte[indices.length * imageBytes];
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int index = indices[i];
            if (index < 0 || index >= source.size()) {
                throw new IllegalArgumentException(
                        "image index " + index + " is outside [0, " + source.size() + ")");
            }
            System.arraycopy(source.pixels(index), 0, pixels, i * imageBytes, imageBytes);
            labels[i] = source.label(index);
        }
        return new HostBatch(pixels, labels, shape);
    }

    /**
     * Returns the number of images.
     *
     * @return the batch size
     */
    public int count() {
        return labels.length;
    }

    /**
     * Creates the images as float32 (N, C, H, W) scaled from [0, 255] to [-1, 1].
     *
     * @param manager the manager that owns the array
     * @return the images
     */
    public NDArray images(NDManager manager) {
        Shape shape =
                new Shape(count(), imageShape.get(0), imageShape.get(1), imageShape.get(2));
        NDArray bytes = manager.create(ByteBuffer.wrap(pixels), shape, DataType.UINT8);
        return bytes.toType(DataType.FLOAT32, false).div(127.5f).sub(1f);
    }

    /**
     * Creates the labels as an int64 array (N).
     *
     * @param manager the manager that owns the array
     * @return the labels
     */
    public NDArray labels(NDManager manager) {
        return manager.create(labels);
    }
}
