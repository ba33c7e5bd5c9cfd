package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FidScoreTest {

    @TempDir Path directory;

    /** Uses the 4 pixels of a 1x2x2 image as its features and counts its calls. */
    private static final class FlattenExtractor implements FeatureExtractor {
        private final String fingerprint;
        private int calls;

        FlattenExtractor(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        @Override
        public String name() {
            return "flatten";
        }

        @Override
        public int dimension() {
            return 4;
        }

        @Override
        public Shape inputShape() {
            return new Shape(1, 2, 2);
        }

        @Override
        public String fingerprint() {
            return fingerprint;
        }

        @Override
        public NDArray extract(NDArray images) {
            calls++;
            return images.reshape(images.getShape().get(0), 4);
        }
    }

    /** Six 1x2x2 images with distinct, seeded pixel values. */
    private static ImageDataset sixImages() {
        byte[] pixels = new byte[6 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) ((i * 37 + 11) % 256);
        }
        return new ImageDataset("six", pixels, new int[6], 1, 2, 2, List.of("only"));
    }

    private static int[] allIndices(int count) {
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = i;
        }
        return indices;
    }

    @Test
    void shiftedFakesScoreByHand() {
        // Shifting every feature by 0.1 keeps the covariance, so d^2 = 4 * 0.1^2 = 0.04.
        FlattenExtractor extractor = new FlattenExtractor("a");
        ImageDataset real = sixImages();
        FeatureStatistics realStatistics = FidScore.computeStatistics(extractor, real, 4);
        FidScore score = new FidScore(extractor, realStatistics);
        try (NDManager manager = KitEngine.newManager()) {
            NDArray images = real.images(manager, allIndices(6));
            score.addFakeImages(images.get("0:3").add(0.1f));
            score.addFakeImages(images.get("3:6").add(0.1f));
        }
        FidScore.Result result = score.compute();
        // The images and the shift are float32, so each shifted feature is off by up to 1e-8.
        assertEquals(0.04, result.value(), 1e-7);
        assertEquals(6, result.realCount());
        assertEquals(6, result.fakeCount());
        assertEquals("FID (flatten features)", result.label());
    }

    @Test
    void identicalImagesScoreZero() {
        FlattenExtractor extractor = new FlattenExtractor("a");
        ImageDataset real = sixImages();
        FidScore score =
                new FidScore(extractor, FidScore.computeStatistics(extractor, real, 6));
        try (NDManager manager = KitEngine.newManager()) {
            score.addFakeImages(real.images(manager, allIndices(6)));
        }
        assertEquals(0, score.compute().value(), 1e-9);
    }

    @Test
    void computeStatisticsByHand() {
        // Pixels 0 and 255 become -1 and 1: mean 0, every variance and covariance
        // ((-1)^2 + 1^2) / (2 - 1) = 2.
        byte[] pixels = {0, 0, 0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255};
        ImageDataset dataset =
                new ImageDataset("two", pixels, new int[2], 1, 2, 2, List.of("only"));
        FeatureStatistics statistics =
                FidScore.computeStatistics(new FlattenExtractor("a"), dataset, 1);
        assertEquals(2, statistics.count());
        assertArrayEquals(new double[4], statistics.mean(), 1e-7);
        for (double[] row : statistics.covariance()) {
            assertArrayEquals(new double[] {2, 2, 2, 2}, row, 1e-6);
        }
    }

    @Test
    void resetDiscardsFakes() {
        FlattenExtractor extractor = new FlattenExtractor("a");
        FidScore score = new FidScore(extractor,
                FidScore.computeStatistics(extractor, sixImages(), 6));
        try (NDManager manager = KitEngine.newManager()) {
            score.addFakeFeatures(manager.ones(new Shape(3, 4)));
        }
        assertEquals(3, score.fakeCount());
        score.reset();
        assertEquals(0, score.fakeCount());
        assertThrows(IllegalStateException.class, score::compute);
    }

    @Test
    void mismatchedDimensionRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FidScore(new FlattenExtractor("a"), new FeatureStatistics(3)));
        assertTrue(error.getMessage().contains("dimension 3"), error.getMessage());
    }

    @Test
    void datasetOfOtherShapeRejected() {
        ImageDataset rgb = new ImageDataset("rgb", new byte[12], new int[1], 3, 2, 2,
                List.of("only"));
        assertThrows(IllegalArgumentException.class,
                () -> FidScore.computeStatistics(new FlattenExtractor("a"), rgb, 1));
    }

    @Test
    void cachedStatisticsAreReusedPerFingerprint() throws IOException {
        FlattenExtractor extractor = new FlattenExtractor("weights1");
        ImageDataset real = sixImages();
        FeatureStatistics computed =
                FidScore.loadOrComputeStatistics(directory, extractor, real, 4);
        assertEquals(2, extractor.calls);

        FeatureStatistics loaded =
                FidScore.loadOrComputeStatistics(directory, extractor, real, 4);
        assertEquals(2, extractor.calls, "the second call must read the cache");
        assertArrayEquals(computed.mean(), loaded.mean(), 0);

        FlattenExtractor retrained = new FlattenExtractor("weights2");
        FidScore.loadOrComputeStatistics(directory, retrained, real, 4);
        assertEquals(2, retrained.calls, "other weights must not reuse the cache");
        try (var files = Files.list(directory)) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void statisticsFileNameIsSafe() {
        ImageDataset dataset = new ImageDataset("Fashion-MNIST train", new byte[4], new int[1],
                1, 2, 2, List.of("only"));
        assertEquals("fashion-mnist-train-n1-flatten-v1-ab12.stats",
                FidScore.statisticsFileName(new FlattenExtractor("v1-AB12"), dataset));
    }
}
