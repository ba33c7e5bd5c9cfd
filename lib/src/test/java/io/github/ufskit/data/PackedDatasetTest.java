package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackedDatasetTest {

    @TempDir Path directory;

    /**
     * In-memory source of 8x8 images: image i is a solid color with red 10 i, green 20 and blue
     * 255, except image 0, whose red alternates 0 and 100 from column to column.
     */
    private static final class FakeSource implements ImageSource {
        final AtomicInteger reads = new AtomicInteger();
        final int count;
        int failAt = -1;

        FakeSource(int count) {
            this.count = count;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public int size() {
            return count;
        }

        @Override
        public List<String> classNames() {
            return List.of("even", "odd");
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public BufferedImage read(int index) throws IOException {
            if (index == failAt) {
                throw new DatasetFormatException(Path.of("image" + index + ".jpg"),
                        "cannot be decoded", "Replace it");
            }
            reads.incrementAndGet();
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    int red = index == 0 ? (x % 2) * 100 : 10 * index;
                    image.setRGB(x, y, (red << 16) | (20 << 8) | 255);
                }
            }
            return image;
        }
    }

    @Test
    void prepareResizesAndStoresLabels() throws Exception {
        Path target = directory.resolve("fake-4.pack");
        PackedDataset pack = PackedDataset.prepare(new FakeSource(5), target, 4);
        assertEquals(5, pack.size());
        assertEquals(new Shape(3, 4, 4), pack.imageShape());
        assertEquals(List.of("even", "odd"), pack.classNames());
        assertEquals(2, pack.classCount());
        assertArrayEquals(new int[] {0, 1, 0, 1, 0}, pack.labels());
        byte[] third = pack.pixels(3);
        assertEquals(48, third.length);
        assertEquals(30, third[0]);
        assertEquals(20, third[16]);
        assertEquals(-1, third[47]);
        // Image 0: each output pixel averages two columns, red (0 + 100) / 2 = 50.
        assertEquals(50, pack.pixels(0)[5]);
        assertEquals(HeaderSize.of(5, 4, "even\nodd"), Files.size(target));
        assertFalse(Files.exists(directory.resolve("fake-4.pack.partial")));
        assertFalse(Files.exists(directory.resolve("fake-4.pack.partial.progress")));
    }

    /** Computes the file size of the documented layout. */
    private static final class HeaderSize {
        static long of(int count, int size, String names) {
            return 32 + (long) count * 3 * size * size + 4L * count + names.length();
        }
    }

    @Test
    void headerMatchesDocumentedLayout() throws Exception {
        Path target = directory.resolve("layout.pack");
        PackedDataset.prepare(new FakeSource(3), target, 2);
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(target));
        assertEquals(0x55465350, header.getInt(0));
        assertEquals('U', header.get(0));
        assertEquals(1, header.getInt(4));
        assertEquals(3, header.getInt(8));
        assertEquals(3, header.getInt(12));
        assertEquals(2, header.getInt(16));
        assertEquals(2, header.getInt(20));
        assertEquals(2, header.getInt(24));
        assertEquals(8, header.getInt(28));
        // Labels follow 3 images of 12 bytes: 32 + 36 = 68.
        assertEquals(0, header.getInt(68));
        assertEquals(1, header.getInt(72));
        assertEquals(0, header.getInt(76));
    }

    @Test
    void imagesScaleToUnitRange() throws Exception {
        PackedDataset pack =
                PackedDataset.prepare(new FakeSource(3), directory.resolve("p.pack"), 2);
        try (NDManager manager = KitEngine.newManager()) {
            NDList batch = pack.batch(manager, new int[] {2, 1});
            float[] images = batch.get(0).toFloatArray();
            assertEquals(new Shape(2, 3, 2, 2), batch.get(0).getShape());
            // red 20 -> 20 / 127.5 - 1, green 20, blue 255 -> 1
            assertEquals(20 / 127.5f - 1f, images[0], 1e-6f);
            assertEquals(20 / 127.5f - 1f, images[4], 1e-6f);
            assertEquals(1f, images[8], 1e-6f);
            assertEquals(10 / 127.5f - 1f, images[12], 1e-6f);
            assertArrayEquals(new long[] {0, 1}, batch.get(1).toLongArray());
        }
    }

    @Test
    void toImageDatasetCopiesSelection() throws Exception {
        PackedDataset pack =
                PackedDataset.prepare(new FakeSource(4), directory.resolve("p.pack"), 2);
        ImageDataset copy = pack.toImageDataset(new int[] {3, 2});
        assertEquals(2, copy.size());
        assertEquals(1, copy.label(0));
        assertArrayEquals(pack.pixels(3), copy.pixels(0));
    }

    @Test
    void failedPreparationResumesAtChunk() throws Exception {
        Path target = directory.resolve("r.pack");
        FakeSource failing = new FakeSource(7);
        failing.failAt = 5;
        assertThrows(DatasetFormatException.class,
                () -> PackedDataset.prepare(failing, target, 2, 2));
        assertFalse(Files.exists(target));
        assertEquals("source=fake\ncount=7\nsize=2\ndone=4\n",
                Files.readString(directory.resolve("r.pack.partial.progress")));

        FakeSource working = new FakeSource(7);
        PackedDataset pack = PackedDataset.prepare(working, target, 2, 2);
        assertEquals(3, working.reads.get());
        assertEquals(60, pack.pixels(6)[0]);
        assertEquals(10, pack.pixels(1)[0]);
        assertFalse(Files.exists(directory.resolve("r.pack.partial")));
    }

    @Test
    void secondPrepareReadsNothing() throws Exception {
        Path target = directory.resolve("s.pack");
        PackedDataset.prepare(new FakeSource(3), target, 2);
        FakeSource again = new FakeSource(3);
        assertEquals(3, PackedDataset.prepare(again, target, 2).size());
        assertEquals(0, again.reads.get());
    }

    @Test
    void truncatedPackFails() throws Exception {
        Path target = directory.resolve("t.pack");
        PackedDataset.prepare(new FakeSource(3), target, 2);
        byte[] bytes = Files.readAllBytes(target);
        Files.write(target, Arrays.copyOf(bytes, bytes.length - 5));
        DatasetFormatException error =
                assertThrows(DatasetFormatException.class, () -> PackedDataset.open(target));
        // 32 header + 3 x 12 pixels + 3 x 4 labels + 8 name bytes = 88
        assertTrue(error.getMessage().contains("has 83 bytes, expected 88"), error.getMessage());
        assertTrue(error.getMessage().contains("truncated"), error.getMessage());
    }

    @Test
    void wrongMagicFails() throws Exception {
        Path target = directory.resolve("m.pack");
        Files.write(target, new byte[64]);
        DatasetFormatException error =
                assertThrows(DatasetFormatException.class, () -> PackedDataset.open(target));
        assertTrue(error.getMessage().contains("starts with 0x00000000, expected the magic"),
                error.getMessage());
    }

    @Test
    void wrongVersionFails() throws Exception {
        Path target = directory.resolve("v.pack");
        PackedDataset.prepare(new FakeSource(1), target, 2);
        byte[] bytes = Files.readAllBytes(target);
        bytes[7] = 9;
        Files.write(target, bytes);
        DatasetFormatException error =
                assertThrows(DatasetFormatException.class, () -> PackedDataset.open(target));
        assertTrue(error.getMessage().contains("version 9, expected 1"), error.getMessage());
    }

    @Test
    void shortFileFails() throws Exception {
        Path target = directory.resolve("h.pack");
        Files.write(target, new byte[10]);
        DatasetFormatException error =
                assertThrows(DatasetFormatException.class, () -> PackedDataset.open(target));
        assertTrue(error.getMessage().contains("fewer than the 32-byte header"),
                error.getMessage());
    }

    @Test
    void missingPackFails() {
        assertThrows(NoSuchFileException.class,
                () -> PackedDataset.open(directory.resolve("none.pack")));
    }

    @Test
    void invalidSizeFails() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PackedDataset.prepare(new FakeSource(1), directory.resolve("x"), 0));
        assertTrue(error.getMessage().contains("size = 0"), error.getMessage());
    }

    @Test
    void packsImageFolderJpegs() throws Exception {
        Path root = directory.resolve("folder");
        for (String synset : List.of("n02", "n01")) {
            Files.createDirectories(root.resolve(synset));
            BufferedImage image = new BufferedImage(12, 8, BufferedImage.TYPE_INT_RGB);
            javax.imageio.ImageIO.write(image, "jpg", root.resolve(synset).resolve("a.jpg")
                    .toFile());
        }
        PackedDataset pack = PackedDataset.prepare(ImageFolder.open("folder", root),
                directory.resolve("folder.pack"), 4);
        assertEquals(List.of("n01", "n02"), pack.classNames());
        assertEquals(2, pack.size());
        assertEquals(48, pack.pixels(1).length);
    }
}
