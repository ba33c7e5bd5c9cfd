package io.github.ufskit.metrics;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Times the metric code on this machine; run with {@code mvn -Dgroups=benchmark
 * -Dtest.excludedGroups=none test}. Prints numbers and checks nothing but completion.
 */
@Tag("benchmark")
class MetricsBenchmarkTest {

    @Test
    void classifierFeatureThroughput() {
        int batch = 500;
        int batches = 10;
        try (FashionMnistClassifier classifier = FashionMnistClassifier.initialize(0);
                NDManager manager = KitEngine.newManager()) {
            NDArray images = manager.randomUniform(-1, 1, new Shape(batch, 1, 32, 32));
            classifier.extract(images).close();
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                classifier.extract(images).close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("Classifier features: %.0f images/s (%d batches of %d)%n",
                    batch * batches / seconds, batches, batch);
        }
    }

    @Test
    void statisticsAndFrechetDistance2048() {
        int dimension = 2048;
        int samples = 10_000;
        int batch = 500;
        Random random = new Random(1);
        FeatureStatistics first = new FeatureStatistics(dimension);
        FeatureStatistics second = new FeatureStatistics(dimension);
        long start = System.nanoTime();
        for (int from = 0; from < samples; from += batch) {
            first.add(randomRows(random, batch, dimension, 0));
            second.add(randomRows(random, batch, dimension, 0.1));
        }
        double statisticsSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Statistics: %.1f s for 2 x %d samples of dimension %d%n",
                statisticsSeconds, samples, dimension);

        start = System.nanoTime();
        double distance = FrechetDistance.compute(first, second);
        double distanceSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Frechet distance, dimension %d: %.1f s (value %.4f)%n",
                dimension, distanceSeconds, distance);
    }

    @Test
    void inceptionFixtureFeatureThroughput(@TempDir Path directory) throws Exception {
        Path script = directory.resolve("make_inception_fixture.py");
        try (InputStream in =
                MetricsBenchmarkTest.class.getResourceAsStream("make_inception_fixture.py")) {
            Files.copy(in, script);
        }
        Path fixture = directory.resolve("inception-fixture.pt");
        PythonOracle.runFile(script, List.of(fixture.toString()), "torch");
        int batch = 500;
        int batches = 10;
        Shape imageShape = new Shape(3, 32, 32);
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, imageShape);
                NDManager manager = KitEngine.newManager()) {
            NDArray images = manager.randomUniform(-1, 1, new Shape(batch, 3, 32, 32));
            extractor.extract(images).close();
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                extractor.extract(images).close();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("Inception fixture features (pixel conversion and call, not the"
                    + " real network): %.0f images/s (%d batches of %d)%n",
                    batch * batches / seconds, batches, batch);
        }
    }

    @Test
    void precisionRecallDensityCoverage10k() {
        int samples = 10_000;
        int dimension = 2048;
        try (NDManager manager = KitEngine.newManager()) {
            manager.getEngine().setRandomSeed(2);
            NDArray real = manager.randomNormal(new Shape(samples, dimension));
            NDArray fake = manager.randomNormal(0.1f, 1.1f, new Shape(samples, dimension),
                    ai.djl.ndarray.types.DataType.FLOAT32);
            long start = System.nanoTime();
            ManifoldMetrics.Result result = ManifoldMetrics.compute(real, fake);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("Precision, recall, density, coverage: %.1f s for %d x %d samples"
                    + " of dimension %d (%s)%n", seconds, samples, samples, dimension, result);
        }
    }

    private static double[][] randomRows(Random random, int rows, int dimension, double shift) {
        double[][] values = new double[rows][dimension];
        for (double[] row : values) {
            for (int j = 0; j < dimension; j++) {
                row[j] = random.nextGaussian() + shift;
            }
        }
        return values;
    }
}
