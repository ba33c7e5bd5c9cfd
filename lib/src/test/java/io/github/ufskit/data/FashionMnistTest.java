package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    private static final int IMAGE_MAGIC = 0x00000803;
    private static final int LABEL_MAGIC = 0x00000801;
    private static final int PIXELS = 28 * 28;

    @TempDir Path directory;

    /** Writes an IDX file: magic, sizes, then the values, optionally gzip-compressed. */
    private static void writeIdx(Path file, int magic, int[] sizes, byte[] values, boolean gzip)
            throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int size : sizes) {
                out.writeInt(size);
            }
            out.write(values);
        }
        byte[] content = bytes.toByteArray();
        if (gzip) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream();
            try (OutputStream out = new GZIPOutputStream(compressed)) {
                out.write(content);
            }
            content = compressed.toByteArray();
        }
        Files.write(file, content);
    }

    /** Creates images whose pixel (row, column) of image i is 1 + i + row + column. */
    private static byte[] syntheticImages(int count) {
        byte[] pixels = new byte[count * PIXELS];
        for (int i = 0; i < count; i++) {
            for (int row = 0; row < 28; row++) {
                for (int column = 0; column < 28; column++) {
                    pixels[i * PIXELS + row * 28 + column] = (byte) (1 + i + row + column);
                }
            }
        }
        return pixels;
    }

    private void writeSplit(String prefix, boolean gzip, byte[] images, byte[] labels)
            throws IOException {
        String suffix = gzip ? ".gz" : "";
        writeIdx(directory.resolve(prefix + "-images-idx3-ubyte" + suffix), IMAGE_MAGIC,
                new int[] {images.length / PIXELS, 28, 28}, images, gzip);
        writeIdx(directory.resolve(prefix + "-labels-idx1-ubyte" + suffix), LABEL_MAGIC,
                new int[] {labels.length}, labels, gzip);
    }

    @Test
    void readsGzipFilesAndPadsImages() throws IOException {
        writeSplit("train", true, syntheticImages(3), new byte[] {9, 0, 4});
        ImageDataset dataset = FashionMnist.load(directory, Split.TRAIN);

        assertEquals("Fashion-MNIST train", dataset.name());
        assertEquals(3, dataset.size());
        assertEquals(1, dataset.channels());
        assertEquals(32, dataset.height());
        assertEquals(32, dataset.width());
        assertArrayEquals(new int[] {9, 0, 4}, dataset.labels());
        assertEquals("Ankle boot", dataset.classNames().get(9));

        byte[] image = dataset.pixels(2);
        // Source pixel (0, 0) of image 2 is 3 and lands at padded (2, 2).
        assertEquals(3, image[2 * 32 + 2]);
        // Source pixel (27, 27) of image 2 is 57 and lands at padded (29, 29).
        assertEquals(57, image[29 * 32 + 29]);
        int borderSum = 0;
        for (int k = 0; k < 32; k++) {
            borderSum += image[k] + image[32 + k] + image[30 * 32 + k] + image[31 * 32 + k];
            borderSum += image[k * 32] + image[k * 32 + 1] + image[k * 32 + 30]
                    + image[k * 32 + 31];
        }
        assertEquals(0, borderSum, "the 2-pixel border must be black");
    }

    @Test
    void readsPlainFiles() throws IOException {
        writeSplit("t10k", false, syntheticImages(2), new byte[] {1, 2});
        ImageDataset dataset = FashionMnist.load(directory, Split.TEST);
        assertEquals("Fashion-MNIST test", dataset.name());
        assertArrayEquals(new int[] {1, 2}, dataset.labels());
        assertEquals(2, dataset.pixels(1)[2 * 32 + 2]);
    }

    @Test
    void detectsGzipByContentNotName() throws IOException {
        // Compressed content without the .gz suffix.
        writeIdx(directory.resolve("train-images-idx3-ubyte"), IMAGE_MAGIC,
                new int[] {1, 28, 28}, syntheticImages(1), true);
        // Plain content behind a .gz suffix.
        writeIdx(directory.resolve("train-labels-idx1-ubyte.gz"), LABEL_MAGIC,
                new int[] {1}, new byte[] {7}, false);
        ImageDataset dataset = FashionMnist.load(directory, Split.TRAIN);
        assertEquals(7, dataset.label(0));
        assertEquals(1, dataset.pixels(0)[2 * 32 + 2]);
    }

    @Test
    void wrongMagicNamesFileAndFix() throws IOException {
        writeSplit("train", true, syntheticImages(1), new byte[] {0});
        Path images = directory.resolve("train-images-idx3-ubyte.gz");
        writeIdx(images, 0x00000801, new int[] {PIXELS}, syntheticImages(1), true);

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertEquals(images, error.file());
        assertTrue(error.getMessage().contains("0x00000801"), error.getMessage());
        assertTrue(error.getMessage().contains("expected 0x00000803"), error.getMessage());
        assertTrue(error.getMessage().contains("dataset-fashion-mnist"), error.getMessage());
    }

    @Test
    void truncatedImagesFileIsReported() throws IOException {
        writeSplit("train", false, syntheticImages(2), new byte[] {0, 1});
        Path images = directory.resolve("train-images-idx3-ubyte");
        byte[] content = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(content, content.length - 100));

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
        assertTrue(error.getMessage().contains(String.valueOf(2 * PIXELS)), error.getMessage());
        assertTrue(error.getMessage().contains(String.valueOf(2 * PIXELS - 100)),
                error.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws IOException {
        writeSplit("train", true, syntheticImages(2), new byte[] {0, 1});
        Path labels = directory.resolve("train-labels-idx1-ubyte.gz");
        writeIdx(labels, LABEL_MAGIC, new int[] {2}, new byte[] {0, 1}, true);
        byte[] content = Files.readAllBytes(labels);
        Files.write(labels, Arrays.copyOf(content, content.length - 12));

        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertEquals(labels, error.file());
        assertTrue(error.getMessage().contains("gzip"), error.getMessage());
    }

    @Test
    void labelCountMismatchIsReported() throws IOException {
        writeSplit("train", true, syntheticImages(3), new byte[] {0, 1});
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertTrue(error.getMessage().contains("2 labels"), error.getMessage());
        assertTrue(error.getMessage().contains("3 images"), error.getMessage());
    }

    @Test
    void labelOutOfRangeIsReported() throws IOException {
        writeSplit("train", true, syntheticImages(2), new byte[] {3, 10});
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertTrue(error.getMessage().contains("label 10 of item 1"), error.getMessage());
    }

    @Test
    void wrongImageSizeIsReported() throws IOException {
        writeIdx(directory.resolve("train-images-idx3-ubyte.gz"), IMAGE_MAGIC,
                new int[] {1, 32, 32}, new byte[32 * 32], true);
        writeIdx(directory.resolve("train-labels-idx1-ubyte.gz"), LABEL_MAGIC,
                new int[] {1}, new byte[] {0}, true);
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> FashionMnist.load(directory, Split.TRAIN));
        assertTrue(error.getMessage().contains("32x32"), error.getMessage());
    }

    @Test
    void missingFileNamesPackage() {
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> FashionMnist.load(directory, Split.TEST));
        assertTrue(error.getMessage().contains("t10k-images-idx3-ubyte"), error.getMessage());
        assertTrue(error.getMessage().contains("dataset-fashion-mnist"), error.getMessage());
    }

    @Test
    void realFilesMatchKnownFacts() throws Exception {
        Path trainImages = FashionMnist.DEFAULT_DIRECTORY.resolve("train-images-idx3-ubyte.gz");
        assumeTrue(Files.isRegularFile(trainImages),
                "Skipped: " + trainImages + " is missing; install the Debian package"
                        + " dataset-fashion-mnist to run this test");
        ImageDataset train = FashionMnist.load(Split.TRAIN);
        ImageDataset test = FashionMnist.load(Split.TEST);

        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        int[] sixThousand = new int[10];
        Arrays.fill(sixThousand, 6000);
        assertArrayEquals(sixThousand, train.classCounts());
        int[] oneThousand = new int[10];
        Arrays.fill(oneThousand, 1000);
        assertArrayEquals(oneThousand, test.classCounts());

        // Independent oracle: numpy reads the same files and reports pixel sums and labels.
        String[] facts = python(
                "import gzip, numpy as np",
                "d = '" + FashionMnist.DEFAULT_DIRECTORY + "/'",
                "x = np.frombuffer(gzip.open(d + 'train-images-idx3-ubyte.gz').read(),"
                        + " np.uint8, offset=16).reshape(-1, 784).astype(np.int64)",
                "y = np.frombuffer(gzip.open(d + 'train-labels-idx1-ubyte.gz').read(),"
                        + " np.uint8, offset=8)",
                "print(x[0].sum(), x[59999].sum(), x[12345, 14 * 28 + 14], y[0], y[59999])")
                .split(" ");
        assertEquals(Long.parseLong(facts[0]), pixelSum(train.pixels(0)));
        assertEquals(Long.parseLong(facts[1]), pixelSum(train.pixels(59_999)));
        assertEquals(Integer.parseInt(facts[2]),
                train.pixels(12_345)[(14 + 2) * 32 + 14 + 2] & 0xFF);
        assertEquals(Integer.parseInt(facts[3]), train.label(0));
        assertEquals(Integer.parseInt(facts[4]), train.label(59_999));
    }

    private static long pixelSum(byte[] pixels) {
        long sum = 0;
        for (byte pixel : pixels) {
            sum += pixel & 0xFF;
        }
        return sum;
    }

    /** Runs Debian's Python with numpy and returns its trimmed standard output. */
    private static String python(String... lines) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process process = new ProcessBuilder(python.toString(), "-c", String.join("\n", lines))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, process.exitValue(), output);
        return output.strip();
    }
}
