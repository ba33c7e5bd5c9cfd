package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.FashionMnist;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistClassifierTest {

    /** Enough Adam steps (24) to separate the synthetic classes. */
    private static final FashionMnistClassifier.Options QUICK =
            new FashionMnistClassifier.Options(3, 50, 2e-3f, 0);

    /** Few steps, for tests of caching that do not need a good classifier. */
    private static final FashionMnistClassifier.Options TINY =
            new FashionMnistClassifier.Options(1, 50, 2e-3f, 0);

    @TempDir Path directory;

    /**
     * Creates 28x28 images of 10 easy classes: class k is a bright 6x6 square at a position of
     * its own on dim noise.
     */
    private static byte[][] syntheticImages(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * 28 * 28];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            int top = 2 + (label / 5) * 14;
            int left = 1 + (label % 5) * 5;
            for (int row = 0; row < 28; row++) {
                for (int column = 0; column < 28; column++) {
                    boolean inSquare = row >= top && row < top + 6
                            && column >= left && column < left + 6;
                    int value = inSquare ? 200 + random.nextInt(56) : random.nextInt(40);
                    pixels[i * 784 + row * 28 + column] = (byte) value;
                }
            }
        }
        return new byte[][] {pixels, labels};
    }

    /** Pads synthetic 28x28 images to the 32x32 data set that FashionMnist.load returns. */
    private static ImageDataset syntheticDataset(int count, long seed) {
        byte[][] raw = syntheticImages(count, seed);
        byte[] padded = new byte[count * 32 * 32];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = raw[1][i];
            for (int row = 0; row < 28; row++) {
                System.arraycopy(raw[0], i * 784 + row * 28, padded,
                        i * 1024 + (row + 2) * 32 + 2, 28);
            }
        }
        return new ImageDataset("synthetic", padded, labels, 1, 32, 32,
                FashionMnist.CLASS_NAMES);
    }

    private static void writeIdx(Path file, int magic, int[] sizes, byte[] values)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(bytes);
                DataOutputStream out = new DataOutputStream(gzip)) {
            out.writeInt(magic);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(values);
        }
        Files.write(file, bytes.toByteArray());
    }

    /** Writes a synthetic data set in the Fashion-MNIST file layout. */
    private Path writeSyntheticFashionMnist() throws IOException {
        Path data = Files.createDirectories(directory.resolve("data"));
        String[] prefixes = {"train", "t10k"};
        int[] counts = {200, 50};
        for (int s = 0; s < 2; s++) {
            byte[][] raw = syntheticImages(counts[s], s);
            writeIdx(data.resolve(prefixes[s] + "-images-idx3-ubyte.gz"), 0x803,
                    new int[] {counts[s], 28, 28}, raw[0]);
            writeIdx(data.resolve(prefixes[s] + "-labels-idx1-ubyte.gz"), 0x801,
                    new int[] {counts[s]}, raw[1]);
        }
        return data;
    }

    @Test
    void extractGivesNonNegativeFeatures() {
        try (FashionMnistClassifier classifier = FashionMnistClassifier.initialize(0);
                NDManager manager = KitEngine.newManager()) {
            NDArray images = manager.randomUniform(-1, 1, new Shape(5, 1, 32, 32));
            NDArray features = classifier.extract(images);
            assertEquals(new Shape(5, 128), features.getShape());
            assertEquals(DataType.FLOAT32, features.getDataType());
            assertTrue(features.min().getFloat() >= 0, "features are ReLU outputs");
            assertEquals(manager, features.getManager());
        }
    }

    @Test
    void extractFreesIntermediateArrays() {
        try (FashionMnistClassifier classifier = FashionMnistClassifier.initialize(0);
                NDManager manager = KitEngine.newManager()) {
            NDArray images = manager.zeros(new Shape(2, 1, 32, 32));
            int before = manager.getManagedArrays().size();
            classifier.extract(images);
            assertEquals(before + 1, manager.getManagedArrays().size(),
                    "only the returned features may stay attached");
            assertEquals(manager, images.getManager());
        }
    }

    @Test
    void sameSeedGivesSameFeatures() {
        try (FashionMnistClassifier first = FashionMnistClassifier.initialize(3);
                FashionMnistClassifier second = FashionMnistClassifier.initialize(3);
                NDManager manager = KitEngine.newManager()) {
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 1, 32, 32));
            assertArrayEquals(first.extract(images).toFloatArray(),
                    second.extract(images).toFloatArray(), 0f);
            assertEquals(first.fingerprint(), second.fingerprint());
        }
    }

    @Test
    void extractRejectsRgbImages() {
        try (FashionMnistClassifier classifier = FashionMnistClassifier.initialize(0);
                NDManager manager = KitEngine.newManager()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> classifier.extract(manager.zeros(new Shape(2, 3, 32, 32))));
            assertTrue(error.getMessage().contains("(2, 3, 32, 32)"), error.getMessage());
        }
    }

    @Test
    void trainingLearnsSyntheticClasses() {
        ImageDataset train = syntheticDataset(400, 1);
        ImageDataset test = syntheticDataset(100, 2);
        try (FashionMnistClassifier classifier = FashionMnistClassifier.train(train, test,
                QUICK)) {
            assertTrue(classifier.testAccuracy() >= 0.9,
                    "accuracy " + classifier.testAccuracy() + " on 10 separable classes");
            assertEquals(400, classifier.metadata().trainCount());
            assertEquals(100, classifier.metadata().testCount());
        }
    }

    @Test
    void savedClassifierLoadsIdentically() throws IOException {
        Path cache = directory.resolve("cache");
        try (FashionMnistClassifier trained = FashionMnistClassifier.train(
                        syntheticDataset(100, 1), syntheticDataset(50, 2), TINY);
                NDManager manager = KitEngine.newManager()) {
            trained.save(cache);
            try (FashionMnistClassifier loaded = FashionMnistClassifier.load(cache)) {
                NDArray images = manager.randomUniform(-1, 1, new Shape(3, 1, 32, 32));
                assertArrayEquals(trained.extract(images).toFloatArray(),
                        loaded.extract(images).toFloatArray(), 1e-6f);
                assertEquals(trained.metadata(), loaded.metadata());
                assertEquals(trained.fingerprint(), loaded.fingerprint());
            }
        }
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(2, files.count(), "only the parameter and metadata files may remain");
        }
    }

    @Test
    void loadDetectsChangedParameters() throws IOException {
        Path cache = directory.resolve("cache");
        try (FashionMnistClassifier trained = FashionMnistClassifier.train(
                syntheticDataset(100, 1), syntheticDataset(20, 2), TINY)) {
            trained.save(cache);
        }
        Path parameters = cache.resolve(FashionMnistClassifier.PARAMETERS_FILE);
        byte[] content = Files.readAllBytes(parameters);
        content[content.length - 1] ^= 1;
        Files.write(parameters, content);

        IOException error =
                assertThrows(IOException.class, () -> FashionMnistClassifier.load(cache));
        assertTrue(error.getMessage().contains("SHA-256"), error.getMessage());
        assertTrue(error.getMessage().contains("Delete"), error.getMessage());
    }

    @Test
    void loadOrTrainTrainsOnceThenLoads() throws IOException {
        Path data = writeSyntheticFashionMnist();
        Path cache = directory.resolve("cache");
        double accuracy;
        try (FashionMnistClassifier first =
                FashionMnistClassifier.loadOrTrain(cache, data, TINY)) {
            accuracy = first.testAccuracy();
            assertEquals(200, first.metadata().trainCount());
        }
        assertTrue(Files.isRegularFile(cache.resolve(FashionMnistClassifier.METADATA_FILE)));

        // Without the data set, only loading the cache can succeed.
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        try (FashionMnistClassifier second =
                FashionMnistClassifier.loadOrTrain(cache, data, TINY)) {
            assertEquals(accuracy, second.testAccuracy());
        }
    }

    @Test
    void loadOrTrainRetrainsForOtherOptions() throws IOException {
        Path data = writeSyntheticFashionMnist();
        Path cache = directory.resolve("cache");
        FashionMnistClassifier.loadOrTrain(cache, data, TINY).close();
        FashionMnistClassifier.Options other = new FashionMnistClassifier.Options(1, 100, 2e-3f, 5);
        try (FashionMnistClassifier retrained =
                FashionMnistClassifier.loadOrTrain(cache, data, other)) {
            assertEquals(other, retrained.metadata().options());
        }
        try (FashionMnistClassifier loaded = FashionMnistClassifier.load(cache)) {
            assertEquals(other, loaded.metadata().options());
        }
    }

    @Test
    void optionsRejectImpossibleValues() {
        assertThrows(IllegalArgumentException.class,
                () -> new FashionMnistClassifier.Options(0, 32, 1e-3f, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new FashionMnistClassifier.Options(1, 0, 1e-3f, 0));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new FashionMnistClassifier.Options(1, 32, 0f, 0));
        assertTrue(error.getMessage().contains("learningRate = 0.0"), error.getMessage());
    }

    @Test
    void scoreLabelNamesClassifier() {
        try (FashionMnistClassifier classifier = FashionMnistClassifier.initialize(0)) {
            assertEquals("FID (Fashion-MNIST classifier features)", classifier.scoreLabel());
            assertEquals(128, classifier.dimension());
            assertFalse(classifier.fingerprint().isBlank());
        }
    }

    /** Trains on the real data set with the default options; takes minutes, so opt-in. */
    @Test
    @Tag("benchmark")
    void fullTrainingReachesAccuracy() throws IOException {
        assumeTrue(Files.isRegularFile(
                        FashionMnist.DEFAULT_DIRECTORY.resolve("train-images-idx3-ubyte.gz")),
                "Skipped: install the Debian package dataset-fashion-mnist");
        long start = System.nanoTime();
        try (FashionMnistClassifier classifier = FashionMnistClassifier.loadOrTrain(
                directory.resolve("cache"), FashionMnist.DEFAULT_DIRECTORY,
                FashionMnistClassifier.Options.defaults())) {
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("Fashion-MNIST classifier: test accuracy %.4f, %.1f s with"
                    + " loading and evaluation%n", classifier.testAccuracy(), seconds);
            assertTrue(classifier.testAccuracy() >= 0.88,
                    "test accuracy " + classifier.testAccuracy() + ", expected >= 0.88");
        }
    }
}
