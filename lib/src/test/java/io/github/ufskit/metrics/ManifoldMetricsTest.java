package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.metrics.ManifoldMetrics.Options;
import io.github.ufskit.metrics.ManifoldMetrics.RadiusTest;
import io.github.ufskit.metrics.ManifoldMetrics.Result;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifoldMetricsTest {

    @TempDir Path directory;

    /**
     * One-dimensional sets worked out by hand with k = 1 for all four metrics.
     *
     * <pre>
     *   real 0, 1, 2, 3, 9    radii (nearest other real) 1, 1, 1, 1, 6
     *   fake 1.5, 2, 15, 19   radii (nearest other fake) 0.5, 0.5, 4, 4
     * </pre>
     *
     * <p>The real mean is 3, so centring and squaring stay exact in float64, and the boundary
     * cases (|15 - 9| = 6 = r(9), |1 - 1.5| = 0.5 = s(1.5), |3 - 2| = 1 = r(3)) separate the
     * strict test from the inclusive one.
     */
    private static final double[][] REAL = {{0}, {1}, {2}, {3}, {9}};

    private static final double[][] FAKE = {{1.5}, {2}, {15}, {19}};

    @Test
    void strictTestByHand() {
        Result result = ManifoldMetrics.compute(REAL, FAKE, new Options(1, 1, RadiusTest.STRICT));
        // Precision: 1.5 (|1.5 - 1| < 1) and 2 (|2 - 2| < 1) lie in a real ball; 15 does not
        // (6 < 6 fails), nor 19. 2 of 4.
        assertEquals(0.5, result.precision(), 1e-12);
        // Recall: only real 2 lies in a fake ball (|2 - 2| < 0.5); real 1 is on the boundary of
        // the ball of 1.5. 1 of 5.
        assertEquals(0.2, result.recall(), 1e-12);
        // Density: 1.5 is in the balls of 1 and 2, 2 in the ball of 2 only, 15 and 19 in none:
        // 3 / (k M) = 3 / 4.
        assertEquals(0.75, result.density(), 1e-12);
        // Coverage: the nearest fake is inside the ball for reals 1 (0.5 < 1) and 2 (0 < 1);
        // not for 0 (1.5), 3 (1 < 1 fails) or 9 (6 < 6 fails). 2 of 5.
        assertEquals(0.4, result.coverage(), 1e-12);
        assertEquals(5, result.realCount());
        assertEquals(4, result.fakeCount());
    }

    @Test
    void inclusiveTestByHand() {
        Result result =
                ManifoldMetrics.compute(REAL, FAKE, new Options(1, 1, RadiusTest.INCLUSIVE));
        // Precision: 15 joins (6 <= 6). 3 of 4.
        assertEquals(0.75, result.precision(), 1e-12);
        // Recall: real 1 joins (0.5 <= 0.5). 2 of 5.
        assertEquals(0.4, result.recall(), 1e-12);
        // Density: 1.5 in balls of 1, 2 (2); 2 in balls of 1, 2, 3 (3); 15 in ball of 9 (1).
        // 6 / 4.
        assertEquals(1.5, result.density(), 1e-12);
        // Coverage: reals 1, 2, 3 (1 <= 1) and 9 (6 <= 6). 4 of 5.
        assertEquals(0.8, result.coverage(), 1e-12);
    }

    @Test
    void neighbourRadiusSkipsDuplicateOfSelf() {
        // Real points 0, 0, 4: with k = 1 each 0 has the other 0 at distance 0, so its radius
        // is 0 and nothing is strictly inside; the radius of 4 is 4. Fake 1 is inside the ball of
        // 4 (3 < 4) only, so precision is 1 of 2; fake 10 is in no ball.
        double[][] real = {{0}, {0}, {4}};
        double[][] fake = {{1}, {10}};
        Result result = ManifoldMetrics.compute(real, fake, new Options(1, 1, RadiusTest.STRICT));
        assertEquals(0.5, result.precision(), 1e-12);
        assertEquals(0.5, result.density(), 1e-12);
    }

    private static double[][] gaussianRows(Random random, int rows, int dimension, double scale,
            double shift) {
        double[][] values = new double[rows][dimension];
        for (double[] row : values) {
            for (int j = 0; j < dimension; j++) {
                row[j] = scale * random.nextGaussian() + shift;
            }
        }
        return values;
    }

    /** Runs a numpy implementation of the four definitions, written from the papers. */
    private double[] numpyReference(double[][] real, double[][] fake, int prK, int dcK,
            String comparison) throws Exception {
        PythonOracle.writeMatrix(directory.resolve("real.txt"), real);
        PythonOracle.writeMatrix(directory.resolve("fake.txt"), fake);
        String output = PythonOracle.run(
                "import numpy as np",
                "x = np.loadtxt('" + directory.resolve("real.txt") + "', ndmin=2)",
                "y = np.loadtxt('" + directory.resolve("fake.txt") + "', ndmin=2)",
                "def dist(a, b):",
                "    return np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=2))",
                "def radius(a, k):",
                "    # column 0 of each sorted row is the point itself",
                "    return np.sort(dist(a, a), axis=1)[:, k]",
                "inside = np." + comparison,
                "d = dist(x, y)",
                "real_pr, real_dc = radius(x, " + prK + "), radius(x, " + dcK + ")",
                "fake_pr = radius(y, " + prK + ")",
                "precision = inside(d, real_pr[:, None]).any(axis=0).mean()",
                "recall = inside(d, fake_pr[None, :]).any(axis=1).mean()",
                "density = inside(d, real_dc[:, None]).sum(axis=0).mean() / " + dcK,
                "coverage = inside(d.min(axis=1), real_dc).mean()",
                "print(repr(precision), repr(recall), repr(density), repr(coverage))");
        return PythonOracle.parse(output);
    }

    private static void assertMatches(double[] expected, Result result) {
        assertEquals(expected[0], result.precision(), 1e-12, "precision");
        assertEquals(expected[1], result.recall(), 1e-12, "recall");
        assertEquals(expected[2], result.density(), 1e-12, "density");
        assertEquals(expected[3], result.coverage(), 1e-12, "coverage");
    }

    @Test
    void matchesNumpyReferenceWithDefaults() throws Exception {
        Random random = new Random(11);
        double[][] real = gaussianRows(random, 70, 5, 1, 0);
        double[][] fake = gaussianRows(random, 55, 5, 1.3, 0.4);
        Result result = ManifoldMetrics.compute(real, fake, Options.defaults());
        assertMatches(numpyReference(real, fake, 3, 5, "less"), result);
        assertEquals(3, result.options().precisionRecallK());
        assertEquals(5, result.options().densityCoverageK());
    }

    @Test
    void matchesNumpyReferenceInclusive() throws Exception {
        Random random = new Random(12);
        double[][] real = gaussianRows(random, 40, 3, 1, 0);
        double[][] fake = gaussianRows(random, 60, 3, 0.7, 0.2);
        Result result =
                ManifoldMetrics.compute(real, fake, new Options(2, 4, RadiusTest.INCLUSIVE));
        assertMatches(numpyReference(real, fake, 2, 4, "less_equal"), result);
    }

    @Test
    void smallBlocksGiveSameResult() throws Exception {
        Random random = new Random(13);
        double[][] real = gaussianRows(random, 33, 4, 1, 0);
        double[][] fake = gaussianRows(random, 29, 4, 1, 0.5);
        double[] expected = numpyReference(real, fake, 3, 5, "less");
        try (NDManager manager = KitEngine.newManager()) {
            NDArray realArray = manager.create(flatten(real), new Shape(33, 4));
            NDArray fakeArray = manager.create(flatten(fake), new Shape(29, 4));
            // 100 elements per block: 3 rows of 33 columns, so 11 blocks per pass.
            assertMatches(expected, ManifoldMetrics.compute(realArray, fakeArray,
                    Options.defaults(), 100));
            // A single column budget still advances one row at a time.
            assertMatches(expected, ManifoldMetrics.compute(realArray, fakeArray,
                    Options.defaults(), 1));
        }
    }

    private static double[] flatten(double[][] rows) {
        double[] values = new double[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * rows[0].length, rows[0].length);
        }
        return values;
    }

    @Test
    void modeCollapseHasPrecisionNotRecall() {
        // Real: a wide Gaussian. Fake: a tight cluster at its centre, all inside the real
        // manifold but covering only a sliver of it.
        Random random = new Random(14);
        try (NDManager manager = KitEngine.newManager()) {
            NDArray real = manager.create(flatten(gaussianRows(random, 1500, 8, 1, 0)),
                    new Shape(1500, 8)).toType(DataType.FLOAT32, false);
            NDArray fake = manager.create(flatten(gaussianRows(random, 1500, 8, 0.02, 0)),
                    new Shape(1500, 8)).toType(DataType.FLOAT32, false);
            Result result = ManifoldMetrics.compute(real, fake);
            assertTrue(result.precision() > 0.95, "precision " + result.precision());
            assertTrue(result.recall() < 0.05, "recall " + result.recall());
            assertTrue(result.coverage() < 0.05, "coverage " + result.coverage());
            assertTrue(result.density() > 1, "density " + result.density());
        }
    }

    @Test
    void identicalDistributionsScoreNearOne() {
        Random random = new Random(15);
        try (NDManager manager = KitEngine.newManager()) {
            NDArray real = manager.create(flatten(gaussianRows(random, 1000, 4, 1, 0)),
                    new Shape(1000, 4));
            NDArray fake = manager.create(flatten(gaussianRows(random, 1000, 4, 1, 0)),
                    new Shape(1000, 4));
            Result result = ManifoldMetrics.compute(real, fake);
            assertTrue(result.precision() > 0.8, "precision " + result.precision());
            assertTrue(result.recall() > 0.8, "recall " + result.recall());
            assertEquals(1.0, result.density(), 0.15);
            assertTrue(result.coverage() > 0.9, "coverage " + result.coverage());
        }
    }

    @Test
    void extractsFeaturesInOrder() {
        // Five 1x1x2 images with pixels (i, 2i); a flattening extractor returns them in [-1, 1].
        byte[] pixels = new byte[10];
        for (int i = 0; i < 5; i++) {
            pixels[2 * i] = (byte) i;
            pixels[2 * i + 1] = (byte) (2 * i);
        }
        ImageDataset dataset = new ImageDataset("five", pixels, new int[5], 1, 1, 2,
                List.of("only"));
        FeatureExtractor flatten = new FeatureExtractor() {
            @Override
            public String name() {
                return "flatten";
            }

            @Override
            public int dimension() {
                return 2;
            }

            @Override
            public Shape inputShape() {
                return new Shape(1, 1, 2);
            }

            @Override
            public String fingerprint() {
                return "none";
            }

            @Override
            public NDArray extract(NDArray images) {
                return images.reshape(images.getShape().get(0), 2);
            }
        };
        try (NDManager manager = KitEngine.newManager()) {
            NDArray features = ManifoldMetrics.extractFeatures(flatten, dataset, 2, manager);
            assertEquals(new Shape(5, 2), features.getShape());
            float[] values = features.toFloatArray();
            for (int i = 0; i < 5; i++) {
                assertEquals(i / 127.5f - 1f, values[2 * i], 1e-6f);
                assertEquals(2 * i / 127.5f - 1f, values[2 * i + 1], 1e-6f);
            }
        }
    }

    @Test
    void rejectsDimensionMismatch() {
        assertThrows(IllegalArgumentException.class, () -> ManifoldMetrics.compute(
                new double[][] {{0, 0}, {1, 1}, {2, 2}}, new double[][] {{0}, {1}},
                new Options(1, 1, RadiusTest.STRICT)));
    }

    @Test
    void rejectsTooFewSamplesForK() {
        // The real set needs more than k = 5 samples.
        assertThrows(IllegalArgumentException.class,
                () -> ManifoldMetrics.compute(REAL, FAKE, Options.defaults()));
    }

    @Test
    void rejectsNonPositiveK() {
        assertThrows(IllegalArgumentException.class,
                () -> new Options(0, 5, RadiusTest.STRICT));
    }
}
