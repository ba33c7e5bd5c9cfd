package io.github.ufskit.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads and calls a TorchScript fixture with the interface of {@code inception-2015-12-05.pt},
 * written by {@code make_inception_fixture.py} with Debian's python3-torch. The fixture's first
 * three features are the mean uint8 pixel value of each channel, so the tests read the pixels the
 * kit sends.
 */
class InceptionExtractorTest {

    private static final Shape RGB = new Shape(3, 4, 5);

    @TempDir static Path directory;

    private static Path fixture;

    @BeforeAll
    static void writeFixture() throws Exception {
        Path script = directory.resolve("make_inception_fixture.py");
        try (InputStream in =
                InceptionExtractorTest.class.getResourceAsStream("make_inception_fixture.py")) {
            Files.copy(in, script);
        }
        fixture = directory.resolve("inception-fixture.pt");
        PythonOracle.runFile(script, List.of(fixture.toString()), "torch");
    }

    /** Returns an (N, C, H, W) image batch whose image n has the constant value values[n]. */
    private static NDArray constantImages(NDManager manager, Shape imageShape, float... values) {
        int size = Math.toIntExact(imageShape.size());
        float[] pixels = new float[values.length * size];
        for (int n = 0; n < values.length; n++) {
            for (int i = 0; i < size; i++) {
                pixels[n * size + i] = values[n];
            }
        }
        return manager.create(pixels, new Shape(values.length, imageShape.get(0),
                imageShape.get(1), imageShape.get(2)));
    }

    @Test
    void readsWidthsFromModule() throws IOException {
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB)) {
            assertEquals(2048, extractor.dimension());
            assertEquals(1008, extractor.classCount());
            assertEquals(RGB, extractor.inputShape());
            assertEquals("FID", extractor.scoreLabel());
        }
    }

    @Test
    void convertsPixelsAsStyleGan2Ada() throws IOException {
        // uint8(clamp(x * 127.5 + 128, 0, 255)), truncated: -1 -> 0, 0 -> 128, 1 -> 255,
        // 0.5 -> 191.75 -> 191, -0.999 -> 0.63 -> 0, -2 -> 0 (clamped), 1.5 -> 255 (clamped).
        float[] values = {-1f, 0f, 1f, 0.5f, -0.999f, -2f, 1.5f};
        double[] expected = {0, 128, 255, 191, 0, 0, 255};
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB);
                NDManager manager = KitEngine.newManager()) {
            NDArray features = extractor.extract(constantImages(manager, RGB, values));
            assertEquals(new Shape(values.length, 2048), features.getShape());
            assertEquals(DataType.FLOAT32, features.getDataType());
            float[] rows = features.toFloatArray();
            for (int n = 0; n < values.length; n++) {
                for (int channel = 0; channel < 3; channel++) {
                    assertEquals(expected[n], rows[n * 2048 + channel], 1e-4,
                            "channel " + channel + " of the image of value " + values[n]);
                }
                // Feature 5 is twice the mean of channel 2.
                assertEquals(2 * expected[n], rows[n * 2048 + 5], 1e-4);
            }
        }
    }

    @Test
    void keepsChannelsApart() throws IOException {
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB);
                NDManager manager = KitEngine.newManager()) {
            // Channels -1, 0, 1 become the pixel values 0, 128, 255.
            NDArray images = manager.create(new float[] {-1f, 0f, 1f}).reshape(1, 3, 1, 1)
                    .broadcast(new Shape(1, 3, 4, 5));
            float[] features = extractor.extract(images).toFloatArray();
            assertArrayEquals(new float[] {0f, 128f, 255f},
                    new float[] {features[0], features[1], features[2]}, 1e-4f);
        }
    }

    @Test
    void repeatsGrayscaleOverThreeChannels() throws IOException {
        Shape gray = new Shape(1, 6, 6);
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, gray);
                NDManager manager = KitEngine.newManager()) {
            float[] features = extractor.extract(constantImages(manager, gray, 0f)).toFloatArray();
            assertEquals(128f, features[0], 1e-4f);
            assertEquals(128f, features[1], 1e-4f);
            assertEquals(128f, features[2], 1e-4f);
        }
    }

    @Test
    void datasetPixelsReachModuleUnchanged() throws IOException {
        // ImageDataset maps pixel p to p / 127.5 - 1, and the extractor maps that back to p.
        byte[] pixels = new byte[256];
        for (int p = 0; p < 256; p++) {
            pixels[p] = (byte) p;
        }
        ImageDataset dataset = new ImageDataset("ramp", pixels, new int[256], 1, 1, 1,
                List.of("only"));
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, new Shape(1, 1, 1));
                NDManager manager = KitEngine.newManager()) {
            float[] features = ManifoldMetrics.extractFeatures(extractor, dataset, 100, manager)
                    .toFloatArray();
            for (int p = 0; p < 256; p++) {
                assertEquals(p, features[p * 2048], 0f, "pixel value " + p);
            }
        }
    }

    @Test
    void classProbabilitiesOmitOutputBias() throws IOException {
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB);
                NDManager manager = KitEngine.newManager()) {
            NDArray probabilities =
                    extractor.classProbabilities(constantImages(manager, RGB, -1f, 1f));
            assertEquals(new Shape(2, 1008), probabilities.getShape());
            float[] rows = probabilities.toFloatArray();
            // Black image: every logit is 0 without the bias of 20 on class 0, so p = 1/1008.
            for (int c = 0; c < 1008; c++) {
                assertEquals(1.0 / 1008, rows[c], 1e-7, "class " + c);
            }
            // White image: logit 1 is the channel-0 mean 255, so class 1 takes everything.
            assertEquals(1.0, rows[1008 + 1], 1e-6);
        }
    }

    @Test
    void uniformProbabilitiesScoreOne() throws IOException {
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB);
                NDManager manager = KitEngine.newManager()) {
            InceptionScore score = new InceptionScore(2);
            score.addProbabilities(extractor.classProbabilities(
                    constantImages(manager, RGB, -1f, -1f, -1f, -1f)));
            assertEquals(1.0, score.compute().mean(), 1e-6);
        }
    }

    @Test
    void fingerprintIsFileDigest() throws Exception {
        String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(fixture)));
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB)) {
            assertEquals(digest, extractor.sha256());
            assertEquals("sha256-" + digest.substring(0, 16), extractor.fingerprint());
        }
    }

    @Test
    void missingWeightsNameScript() {
        Path missing = directory.resolve("absent").resolve(InceptionExtractor.WEIGHTS_FILE);
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> InceptionExtractor.load(missing, RGB));
        assertTrue(error.getMessage().contains(missing.toString()), error.getMessage());
        assertTrue(error.getMessage().contains("data-scripts/inception-weights"),
                error.getMessage());
    }

    @Test
    void rejectsFileThatIsNotTorchScript() throws IOException {
        Path text = directory.resolve("not-a-module.pt");
        Files.writeString(text, "not a TorchScript archive");
        IOException error = assertThrows(IOException.class,
                () -> InceptionExtractor.load(text, RGB));
        assertTrue(error.getMessage().contains(text.toString()), error.getMessage());
    }

    @Test
    void rejectsWrongImageShape() throws IOException {
        try (InceptionExtractor extractor = InceptionExtractor.load(fixture, RGB);
                NDManager manager = KitEngine.newManager()) {
            NDArray gray = constantImages(manager, new Shape(1, 4, 5), 0f);
            assertThrows(IllegalArgumentException.class, () -> extractor.extract(gray));
        }
    }

    @Test
    void rejectsTwoChannelShape() {
        assertThrows(IllegalArgumentException.class,
                () -> InceptionExtractor.load(fixture, new Shape(2, 8, 8)));
    }

    @Test
    void defaultPathEndsWithWeightsFile() {
        Path path = InceptionExtractor.defaultWeightsPath();
        if (System.getenv(InceptionExtractor.WEIGHTS_ENVIRONMENT_VARIABLE) == null) {
            assertTrue(path.endsWith(Path.of("ufskit", "weights", "inception-2015-12-05.pt")),
                    path.toString());
        }
    }
}
