package io.github.ufskit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.HostBatch;
import io.github.ufskit.data.PixelSource;

/** Training data over uint8 pixels, which the trainer can prefetch on another thread. */
record PixelTrainingData(PixelSource source) implements TrainingData {

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public NDArray images(NDManager manager, int[] indices) {
        return HostBatch.gather(source, indices).images(manager);
    }

    @Override
    public long[] labels(int[] indices) {
        long[] labels = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = source.label(indices[i]);
        }
        return labels;
    }
}
