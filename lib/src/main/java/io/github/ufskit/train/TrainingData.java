package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.PixelSource;

/** Real images for training, read by index. */
public interface TrainingData {

    /**
     * Wraps uint8 images, such as a memory-mapped pack; {@link GanTrainer} then gathers the next
     * real batches on a background thread while the current step runs.
     *
     * @param source the images
     * @return the training data
     */
    static TrainingData of(PixelSource source) {
        return new PixelTrainingData(source);
    }

    /**
     * Returns the number of images.
     *
     * @return the size of the data set
     */
    int size();

    /**
     * Returns a batch of images as float32 (N, C, H, W) scaled to [-1, 1].
     *
     * @param manager the manager that owns the batch
     * @param indices image indices, each in [0, size)
     * @return the batch
     */
    NDArray images(NDManager manager, int[] indices);

    /**
     * Returns the class labels of some images, for class-conditional training.
     *
     * <p>Data without labels keeps this default, which rejects conditional training.
     *
     * @param indices image indices, each in [0, size)
     * @return one label per index
     * @throws UnsupportedOperationException when the data has no labels
     */
    default long[] labels(int[] indices) {
        throw new UnsupportedOperationException(
                getClass().getName()
                        + " has no class labels; train an unconditional model (classCount 0)"
                        + " or pass labelled data such as TrainingData.of(pixelSource)");
    }
}
