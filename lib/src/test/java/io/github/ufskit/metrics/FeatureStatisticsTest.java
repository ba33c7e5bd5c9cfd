package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureStatisticsTest {

    @TempDir Path directory;

    /** 100 rows of 6 features around an offset of 10,000, seeded. */
    private static double[][] offsetRows() {
        Random random = new Random(7);
        double[][] rows = new double[100][6];
        for (double[] row : rows) {
            for (int j = 0; j < row.length; j++) {
                row[j] = 10_000 + (j + 1) * random.nextGaussian() + (j == 3 ? row[0] : 0);
            }
        }
        return rows;
    }

    @Test
    void squareCornersByHand() {
        // Corners of a 2x2 square: mean (1, 1), each variance 4 / (4 - 1), covariance 0.
        FeatureStatistics statistics =
                FeatureStatistics.of(new double[][] {{0, 0}, {2, 0}, {0, 2}, {2, 2}});
        assertEquals(4, statistics.count());
        assertArrayEquals(new double[] {1, 1}, statistics.mean(), 1e-15);
        double[][] covariance = statistics.covariance();
        assertArrayEquals(new double[] {4.0 / 3, 0}, covariance[0], 1e-15);
        assertArrayEquals(new double[] {0, 4.0 / 3}, covariance[1], 1e-15);
    }

    @Test
    void batchesMatchNumpyCov() throws Exception {
        double[][] rows = offsetRows();
        FeatureStatistics statistics = new FeatureStatistics(6);
        int[] batchSizes = {1, 7, 30, 62};
        int from = 0;
        for (int size : batchSizes) {
            statistics.add(Arrays.copyOfRange(rows, from, from + size));
            from += size;
        }

        Path file = directory.resolve("rows.txt");
        PythonOracle.writeMatrix(file, rows);
        double[] expected = PythonOracle.parse(PythonOracle.run(
                "import numpy as np",
                "x = np.loadtxt('" + file + "')",
                "print(' '.join(repr(v) for v in np.concatenate(["
                        + "x.mean(axis=0), np.cov(x, rowvar=False).ravel()])))"));

        assertEquals(100, statistics.count());
        double[] mean = statistics.mean();
        for (int j = 0; j < 6; j++) {
            assertEquals(expected[j], mean[j], 1e-12 * Math.abs(expected[j]), "mean " + j);
        }
        double[][] covariance = statistics.covariance();
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                double oracle = expected[6 + i * 6 + j];
                assertEquals(oracle, covariance[i][j], 1e-9 * Math.max(1, Math.abs(oracle)),
                        "covariance " + i + "," + j);
            }
        }
    }

    @Test
    void largeOffsetKeepsPrecision() {
        // Values 1e9 + {0, 1, 2, 3}, one per batch: variance (2.25 + 0.25 + 0.25 + 2.25) / 3.
        // Summing x^2 in double would lose everything below about 100 at this magnitude.
        FeatureStatistics statistics = new FeatureStatistics(1);
        for (int k = 0; k < 4; k++) {
            statistics.add(new double[][] {{1e9 + k}});
        }
        assertEquals(1e9 + 1.5, statistics.mean()[0], 0);
        assertEquals(5.0 / 3, statistics.covariance()[0][0], 1e-12);
    }

    @Test
    void mergeEqualsSingleStream() {
        // Two halves {1, 3} and {5} of x = 1, 3, 5: mean 3, variance (4 + 0 + 4) / 2 = 4.
        FeatureStatistics first = FeatureStatistics.of(new double[][] {{1}, {3}});
        FeatureStatistics second = FeatureStatistics.of(new double[][] {{5}});
        first.merge(second);
        assertEquals(3, first.count());
        assertEquals(3, first.mean()[0], 1e-15);
        assertEquals(4, first.covariance()[0][0], 1e-15);
        assertEquals(1, second.count(), "merge must leave the other statistics unchanged");
    }

    @Test
    void ndArrayBatchByHand() {
        // Columns x = 1, 3, 5 and y = 2, 6, 10: variances 4 and 16, covariance 8.
        try (NDManager manager = KitEngine.newManager()) {
            NDArray features =
                    manager.create(new float[] {1, 2, 3, 6, 5, 10}, new Shape(3, 2));
            FeatureStatistics statistics = new FeatureStatistics(2);
            statistics.add(features);
            assertArrayEquals(new double[] {3, 6}, statistics.mean(), 1e-12);
            assertArrayEquals(new double[] {4, 8}, statistics.covariance()[0], 1e-12);
            assertArrayEquals(new double[] {8, 16}, statistics.covariance()[1], 1e-12);
            assertEquals(new Shape(3, 2), features.getShape(), "input must stay usable");
        }
    }

    @Test
    void ndArrayWithWrongShapeRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            FeatureStatistics statistics = new FeatureStatistics(3);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> statistics.add(manager.zeros(new Shape(4, 2))));
            assertTrue(error.getMessage().contains("(4, 2)"), error.getMessage());
            assertTrue(error.getMessage().contains("(N, 3)"), error.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> statistics.add(manager.zeros(new Shape(2, 1, 3))));
        }
    }

    @Test
    void nonFiniteFeatureRejected() {
        FeatureStatistics statistics = new FeatureStatistics(2);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> statistics.add(new double[][] {{0, 1}, {Double.NaN, 2}}));
        assertTrue(error.getMessage().contains("row 1"), error.getMessage());
        assertEquals(0, statistics.count(), "a rejected batch must not be counted");
    }

    @Test
    void rowOfWrongLengthRejected() {
        FeatureStatistics statistics = new FeatureStatistics(2);
        assertThrows(IllegalArgumentException.class,
                () -> statistics.add(new double[][] {{0, 1}, {2}}));
    }

    @Test
    void covarianceNeedsTwoSamples() {
        FeatureStatistics statistics = FeatureStatistics.of(new double[][] {{1, 2}});
        assertThrows(IllegalStateException.class, statistics::covariance);
        assertThrows(IllegalStateException.class, () -> new FeatureStatistics(2).mean());
    }

    @Test
    void saveThenLoadRestoresValues() throws IOException {
        FeatureStatistics statistics = FeatureStatistics.of(offsetRows());
        Path file = directory.resolve("nested").resolve("real.stats");
        statistics.save(file);
        FeatureStatistics loaded = FeatureStatistics.load(file);

        assertEquals(100, loaded.count());
        assertEquals(6, loaded.dimension());
        assertArrayEquals(statistics.mean(), loaded.mean(), 0);
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(statistics.covariance()[i], loaded.covariance()[i], 0);
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file may remain");
        }
    }

    @Test
    void loadRejectsOtherFile() throws IOException {
        Path file = directory.resolve("other.stats");
        Files.writeString(file, "not statistics at all");
        IOException error = assertThrows(IOException.class, () -> FeatureStatistics.load(file));
        assertTrue(error.getMessage().contains(file.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("not a feature statistics file"),
                error.getMessage());
    }

    @Test
    void loadRejectsTruncatedFile() throws IOException {
        Path file = directory.resolve("cut.stats");
        FeatureStatistics.of(offsetRows()).save(file);
        byte[] content = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(content, content.length - 8));
        IOException error = assertThrows(IOException.class, () -> FeatureStatistics.load(file));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void dimensionMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new FeatureStatistics(0));
    }
}
