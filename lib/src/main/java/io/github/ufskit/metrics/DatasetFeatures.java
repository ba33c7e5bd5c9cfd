package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.ImageDataset;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a feature extractor over every image of a data set, batch by batch, in order. */
final class DatasetFeatures {

    private static final Logger LOGGER = LoggerFactory.getLogger(DatasetFeatures.class);
    private static final int PROGRESS_EVERY_BATCHES = 20;

    private DatasetFeatures() {}

    /**
     * Passes the features of each batch to {@code sink}; the features are freed after the call.
     *
     * @param extractor the feature network
     * @param dataset images of the extractor's input shape
     * @param batchSize images per forward pass, at least 1
     * @param manager the manager under which each batch's scope is opened
     * @param sink receives the features (batch, D) of each batch
     */
    static void forEachBatch(
            FeatureExtractor extractor,
            ImageDataset dataset,
            int batchSize,
            NDManager manager,
            Consumer<NDArray> sink) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + "; expected >= 1");
        }
        if (!dataset.imageShape().equals(extractor.inputShape())) {
            throw new IllegalArgumentException(String.format(
                    "%s has images of shape %s but the %s expects %s", dataset.name(),
                    dataset.imageShape(), extractor.name(), extractor.inputShape()));
        }
        int batches = (dataset.size() + batchSize - 1) / batchSize;
        for (int b = 0; b < batches; b++) {
            int from = b * batchSize;
            int[] indices = new int[Math.min(batchSize, dataset.size() - from)];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            try (NDManager scope = manager.newSubManager()) {
                sink.accept(extractor.extract(dataset.images(scope, indices)));
            }
            if ((b + 1) % PROGRESS_EVERY_BATCHES == 0) {
                LOGGER.debug("Features of {}: {}/{} batches", dataset.name(), b + 1, batches);
            }
        }
    }
}
