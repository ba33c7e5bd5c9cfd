package io.github.ufskit.experiments;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.train.TrainingData;

/**
 * Grayscale images as RGB training data for networks that draw color: the channel is repeated
 * three times and every pixel becomes a block of {@code scale} x {@code scale} equal pixels.
 */
final class GrayToRgbData implements TrainingData {

    private final ImageDataset dataset;
    private final int scale;

    /**
     * Wraps a grayscale data set.
     *
     * @param dataset images with one channel
     * @param scale enlargement factor, at least 1
     */
    GrayToRgbData(ImageDataset dataset, int scale) {
        if (dataset.channels() != 1) {
            throw new IllegalArgumentException(
                    dataset.name() + " has " + dataset.channels() + " channels, expected 1");
        }
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, got " + scale);
        }
        this.dataset = dataset;
        this.scale = scale;
    }

    @Override
    public int size() {
        return dataset.size();
    }

    @Override
    public NDArray images(NDManager manager, int[] indices) {
        NDArray gray = dataset.images(manager, indices);
        NDArray rgb = gray.repeat(1, 3);
        return scale == 1 ? rgb : rgb.repeat(2, scale).repeat(3, scale);
    }

    @Override
    public long[] labels(int[] indices) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = dataset.label(indices[i]);
        }
        return labels;
    }
}
