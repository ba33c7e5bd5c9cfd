package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/** Real images for training, read by index. */
public interface TrainingData {

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
}
