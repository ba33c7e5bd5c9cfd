package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10Test {

    @TempDir Path directory;

    /**
     * Builds records in the binary layout: label byte, then red, green and blue planes. In record
     * r, pixel p of the red plane is (r + p) mod 256, green is 100 + r, blue is 200 + r.
     */
    private static byte[] records(int... labels) {
        byte[] content = new byte[labels.length * Cifar10.RECORD_BYTES];
        for (int r = 0; r < labels.length; r++) {
            int base = r * Cifar10.RECORD_BYTES;
            content[base] = (byte) labels[r];
            for (int p = 0; p < 1024; p++) {
                content[base + 1 + p] = (byte) (r + p);
                content[base + 1 + 1024 + p] = (byte) (100 + r);
                content[base + 1 + 2048 + p] = (byte) (200 + r);
            }
        }
        return content;
    }

    @Test
    void readsTestBatchInPlaneOrder() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), records(3, 9));
        ImageDataset dataset = Cifar10.load(directory, Split.TEST);

        assertEquals("CIFAR-10 test", dataset.name());
        assertEquals(2, dataset.size());
        assertEquals(3, dataset.channels());
        assertArrayEquals(new int[] {3, 9}, dataset.labels());
        byte[] pixels = dataset.pixels(1);
        assertEquals(1 + 33, pixels[33]);
        assertEquals(101, pixels[1024 + 5]);
        assertEquals((byte) 201, pixels[2048 + 1023]);

        BufferedImage image = dataset.image(1);
        // Pixel (x = 1, y = 1) is plane position 33: red 34, green 101, blue 201.
        assertEquals((34 << 16) | (101 << 8) | 201, image.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void trainSplitConcatenatesFiveFiles() throws IOException {
        for (int i = 1; i <= 5; i++) {
            Files.write(directory.resolve("data_batch_" + i + ".bin"), records(i, i - 1));
        }
        ImageDataset dataset = Cifar10.load(directory, Split.TRAIN);
        assertEquals(10, dataset.size());
        assertArrayEquals(new int[] {1, 0, 2, 1, 3, 2, 4, 3, 5, 4}, dataset.labels());
        assertEquals("CIFAR-10 train", dataset.name());
    }

    @Test
    void classNamesComeFromMetaFile() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), records(0));
        String names = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n";
        Files.writeString(directory.resolve("batches.meta.txt"), names, StandardCharsets.UTF_8);
        ImageDataset dataset = Cifar10.load(directory, Split.TEST);
        assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"),
                dataset.classNames());
    }

    @Test
    void missingMetaFileGivesStandardNames() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), records(0));
        ImageDataset dataset = Cifar10.load(directory, Split.TEST);
        assertEquals("airplane", dataset.classNames().get(0));
        assertEquals("truck", dataset.classNames().get(9));
    }

    @Test
    void metaFileWithWrongCountIsReported() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), records(0));
        Files.writeString(directory.resolve("batches.meta.txt"), "a\nb\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Cifar10.load(directory, Split.TEST));
        assertTrue(error.getMessage().contains("2 class names"), error.getMessage());
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        byte[] content = records(1, 2);
        Path file = directory.resolve("test_batch.bin");
        Files.write(file, java.util.Arrays.copyOf(content, content.length - 1));
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Cifar10.load(directory, Split.TEST));
        assertEquals(file, error.file());
        assertTrue(error.getMessage().contains("6145 bytes"), error.getMessage());
        assertTrue(error.getMessage().contains("multiple of 3073"), error.getMessage());
    }

    @Test
    void emptyFileIsReported() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), new byte[0]);
        assertThrows(DatasetFormatException.class, () -> Cifar10.load(directory, Split.TEST));
    }

    @Test
    void labelTenIsReported() throws IOException {
        Files.write(directory.resolve("test_batch.bin"), records(4, 10));
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> Cifar10.load(directory, Split.TEST));
        assertTrue(error.getMessage().contains("label 10 of record 1"), error.getMessage());
    }

    @Test
    void missingBatchFileNamesFile() throws IOException {
        for (int i = 1; i <= 4; i++) {
            Files.write(directory.resolve("data_batch_" + i + ".bin"), records(0));
        }
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> Cifar10.load(directory, Split.TRAIN));
        assertTrue(error.getMessage().contains("data_batch_5.bin"), error.getMessage());
        assertTrue(error.getMessage().contains("cifar-10-binary.tar.gz"), error.getMessage());
    }
}
