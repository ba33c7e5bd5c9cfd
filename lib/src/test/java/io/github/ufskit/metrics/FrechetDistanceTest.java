package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrechetDistanceTest {

    @TempDir Path directory;

    /** Returns a seeded random covariance {@code A A^T / n + 0.1 I}, well conditioned. */
    private static double[][] randomCovariance(int n, long seed) {
        Random random = new Random(seed);
        double[][] a = new double[n][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double[][] covariance = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += a[i][k] * a[j][k];
                }
                covariance[i][j] = sum / n + (i == j ? 0.1 : 0);
            }
        }
        return covariance;
    }

    private static double[] randomMean(int n, long seed) {
        Random random = new Random(seed);
        double[] mean = new double[n];
        for (int j = 0; j < n; j++) {
            mean[j] = random.nextGaussian();
        }
        return mean;
    }

    @Test
    void diagonalCaseByHand() {
        // |(0,0) - (3,4)|^2 = 25, tr S1 + tr S2 = 5 + 13 = 18,
        // sqrt(S1 S2) = diag(sqrt(4), sqrt(36)) = diag(2, 6), so d^2 = 25 + 18 - 2 * 8 = 27.
        double distance = FrechetDistance.compute(
                new double[] {0, 0}, new double[][] {{1, 0}, {0, 4}},
                new double[] {3, 4}, new double[][] {{4, 0}, {0, 9}});
        assertEquals(27, distance, 1e-12);
    }

    @Test
    void matchesScipySqrtmOracle() throws Exception {
        int n = 24;
        double[] firstMean = randomMean(n, 1);
        double[] secondMean = randomMean(n, 2);
        double[][] firstCovariance = randomCovariance(n, 3);
        double[][] secondCovariance = randomCovariance(n, 4);
        Path files = directory;
        PythonOracle.writeMatrix(files.resolve("m1.txt"), new double[][] {firstMean});
        PythonOracle.writeMatrix(files.resolve("m2.txt"), new double[][] {secondMean});
        PythonOracle.writeMatrix(files.resolve("s1.txt"), firstCovariance);
        PythonOracle.writeMatrix(files.resolve("s2.txt"), secondCovariance);

        // The pytorch-fid formula: d^2 = |mu1 - mu2|^2 + tr(S1 + S2 - 2 sqrtm(S1 S2)).
        String output = PythonOracle.run(
                "import numpy as np",
                "from scipy import linalg",
                "d = '" + files + "/'",
                "m1, m2 = np.loadtxt(d + 'm1.txt'), np.loadtxt(d + 'm2.txt')",
                "s1, s2 = np.loadtxt(d + 's1.txt'), np.loadtxt(d + 's2.txt')",
                "c, _ = linalg.sqrtm(s1.dot(s2), disp=False)",
                "c = c.real",
                "diff = m1 - m2",
                "print(repr(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(c)))");
        double expected = Double.parseDouble(output);

        double actual = FrechetDistance.compute(firstMean, firstCovariance, secondMean,
                secondCovariance);
        assertEquals(expected, actual, 1e-6 * Math.abs(expected));
    }

    @Test
    void distanceIsSymmetric() {
        double[] firstMean = randomMean(10, 5);
        double[] secondMean = randomMean(10, 6);
        double[][] firstCovariance = randomCovariance(10, 7);
        double[][] secondCovariance = randomCovariance(10, 8);
        double forward = FrechetDistance.compute(firstMean, firstCovariance, secondMean,
                secondCovariance);
        double backward = FrechetDistance.compute(secondMean, secondCovariance, firstMean,
                firstCovariance);
        assertEquals(forward, backward, 1e-9 * forward);
    }

    @Test
    void setWithItselfIsZero() {
        double[] mean = randomMean(16, 9);
        double[][] covariance = randomCovariance(16, 10);
        assertEquals(0, FrechetDistance.compute(mean, covariance, mean, covariance), 1e-6);
    }

    @Test
    void singularCovarianceGivesFiniteZero() {
        // 3 samples in 8 dimensions: the covariance has rank 2, the case where sqrtm of
        // S1 S2 can turn complex.
        double[][] rows = new double[3][8];
        Random random = new Random(11);
        for (double[] row : rows) {
            for (int j = 0; j < 8; j++) {
                row[j] = random.nextGaussian();
            }
        }
        FeatureStatistics statistics = FeatureStatistics.of(rows);
        double distance = FrechetDistance.compute(statistics, statistics);
        assertFalse(Double.isNaN(distance));
        assertEquals(0, distance, 1e-6);
    }

    @Test
    void statisticsOverloadMatchesArrays() {
        // x = 0, 2 against x = 10, 14: means 1 and 12, variances 2 and 8.
        // d^2 = 11^2 + 2 + 8 - 2 sqrt(16) = 123.
        FeatureStatistics first = FeatureStatistics.of(new double[][] {{0}, {2}});
        FeatureStatistics second = FeatureStatistics.of(new double[][] {{10}, {14}});
        assertEquals(123, FrechetDistance.compute(first, second), 1e-12);
    }

    @Test
    void dimensionMismatchRejected() {
        FeatureStatistics first = FeatureStatistics.of(new double[][] {{0}, {2}});
        FeatureStatistics second = FeatureStatistics.of(new double[][] {{0, 1}, {2, 3}});
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(first, second));
        assertTrue(error.getMessage().contains("1 and 2"), error.getMessage());
    }

    @Test
    void asymmetricCovarianceRejected() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(new double[] {0, 0},
                        new double[][] {{1, 0.5}, {0, 1}}, new double[] {0, 0},
                        new double[][] {{1, 0}, {0, 1}}));
        assertTrue(error.getMessage().contains("not symmetric"), error.getMessage());
    }

    @Test
    void nonFiniteMeanRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(new double[] {Double.NaN},
                        new double[][] {{1}}, new double[] {0}, new double[][] {{1}}));
    }

    @Test
    void wrongCovarianceSizeRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> FrechetDistance.compute(new double[] {0, 0}, new double[][] {{1}},
                        new double[] {0, 0}, new double[][] {{1, 0}, {0, 1}}));
    }
}
