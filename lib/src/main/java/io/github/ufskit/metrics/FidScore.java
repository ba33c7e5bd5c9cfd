package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accumulates the features of generated images and scores them against fixed statistics of
 * real images with {@link FrechetDistance}.
 *
 * <p>Typical use: compute the real statistics once with {@link #loadOrComputeStatistics}, then
 * for every evaluation create a score, feed it the generated batches with {@link
 * #addFakeImages(NDArray)} and call {@link #compute()}.
 */
public final class FidScore {

    private static final Logger LOGGER = LoggerFactory.getLogger(FidScore.class);


    private final FeatureExtractor extractor;
    private final FeatureStatistics realStatistics;
    private FeatureStatistics fakeStatistics;

    /**
     * A computed score with the sample counts behind it.
     *
     * @param label the score's name in tables, such as {@code "FID (Fashion-MNIST classifier
     *     features)"}
     * @param value the squared Fréchet distance, at least 0
     * @param realCount number of real images behind the statistics
     * @param fakeCount number of generated images
     */
    public record Result(String label, double value, long realCount, long fakeCount) {}

    /**
     * Creates an empty score.
     *
     * @param extractor the network that produced {@code realStatistics}; not closed by the score
     * @param realStatistics statistics of real-image features, with at least 2 samples
     * @throws IllegalArgumentException if the dimensions of the two disagree
     */
    public FidScore(FeatureExtractor extractor, FeatureStatistics realStatistics) {
        if (realStatistics.dimension() != extractor.dimension()) {
            throw new IllegalArgumentException(String.format(
                    "Real statistics have dimension %d but the %s produces %d features; compute"
                            + " them with the same extractor", realStatistics.dimension(),
                    extractor.name(), extractor.dimension()));
        }
        this.extractor = extractor;
        this.realStatistics = realStatistics;
        this.fakeStatistics = new FeatureStatistics(extractor.dimension());
    }

    /**
     * Extracts the features of a batch of generated images and adds them.
     *
     * @param images float32 images in [-1, 1] of shape (N, C, H, W), as the extractor expects;
     *     not closed
     */
    public void addFakeImages(NDArray images) {
        try (NDArray features = extractor.extract(images)) {
            fakeStatistics.add(features);
        }
    }

    /**
     * Adds features that were already extracted with the same extractor.
     *
     * @param features float array of shape (N, D); not closed
     */
    public void addFakeFeatures(NDArray features) {
        fakeStatistics.add(features);
    }

    /**
     * Returns the number of generated images added since creation or the last reset.
     *
     * @return the fake sample count
     */
    public long fakeCount() {
        return fakeStatistics.count();
    }

    /**
     * Computes the FID of the generated images added so far.
     *
     * @return the score with its label and sample counts
     * @throws IllegalStateException if fewer than 2 generated images were added
     */
    public Result compute() {
        double value = FrechetDistance.compute(realStatistics, fakeStatistics);
        return new Result(extractor.scoreLabel(), value, realStatistics.count(),
                fakeStatistics.count());
    }

    /** Discards the generated features, so the score can be reused for the next evaluation. */
    public void reset() {
        fakeStatistics = new FeatureStatistics(extractor.dimension());
    }

    /**
     * Computes the feature statistics of every image of a data set, in order.
     *
     * @param extractor the feature network
     * @param dataset images of the extractor's input shape
     * @param batchSize images per forward pass, at least 1
     * @return statistics of {@code dataset.size()} feature vectors
     */
    public static FeatureStatistics computeStatistics(FeatureExtractor extractor,
            ImageDataset dataset, int batchSize) {
        FeatureStatistics statistics = new FeatureStatistics(extractor.dimension());
        try (NDManager manager = KitEngine.newManager()) {
            DatasetFeatures.forEachBatch(extractor, dataset, batchSize, manager, statistics::add);
        }
        return statistics;
    }

    /**
     * Loads cached feature statistics of a data set, or computes and caches them.
     *
     * <p>The cache file name contains the data set name, its size and the extractor's {@link
     * FeatureExtractor#fingerprint()}, so statistics of other data or other weights are never
     * reused.
     *
     * @param cacheDirectory where statistics files are kept; created if missing
     * @param extractor the feature network
     * @param dataset images of the extractor's input shape
     * @param batchSize images per forward pass, at least 1
     * @return the statistics of all images of the data set
     * @throws IOException if the cache cannot be read or written
     */
    public static FeatureStatistics loadOrComputeStatistics(Path cacheDirectory,
            FeatureExtractor extractor, ImageDataset dataset, int batchSize) throws IOException {
        Path file = cacheDirectory.resolve(statisticsFileName(extractor, dataset));
        if (Files.isRegularFile(file)) {
            FeatureStatistics cached = FeatureStatistics.load(file);
            if (cached.count() == dataset.size()
                    && cached.dimension() == extractor.dimension()) {
                LOGGER.debug("Loaded feature statistics of {} from {}", dataset.name(), file);
                return cached;
            }
            LOGGER.warn("{} holds {} samples of dimension {}, expected {} of dimension {};"
                    + " recomputing it", file, cached.count(), cached.dimension(),
                    dataset.size(), extractor.dimension());
        }
        LOGGER.info("Computing {} feature statistics of {} ({} images)", extractor.name(),
                dataset.name(), dataset.size());
        FeatureStatistics statistics = computeStatistics(extractor, dataset, batchSize);
        statistics.save(file);
        return statistics;
    }

    /** Builds a file-name-safe name from the data set and the extractor. */
    static String statisticsFileName(FeatureExtractor extractor, ImageDataset dataset) {
        String raw = dataset.name() + "-n" + dataset.size() + "-" + extractor.name() + "-"
                + extractor.fingerprint();
        String safe = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-");
        return safe + ".stats";
    }
}
