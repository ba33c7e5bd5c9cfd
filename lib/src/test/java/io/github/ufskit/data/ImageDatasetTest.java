package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageDatasetTest {

    private static final List<String> TWO_CLASSES = List.of("zero", "one");

    /** Two RGB images of 1x2 pixels whose bytes are 0..11, labels 1 and 0. */
    private static ImageDataset tinyRgb() {
        byte[] pixels = new byte[12];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        return new ImageDataset("tiny", pixels, new int[] {1, 0}, 3, 1, 2, TWO_CLASSES);
    }

    @Test
    void batchScalesPixelsToUnitRange() {
        byte[] pixels = {0, (byte) 255, 51, (byte) 204};
        ImageDataset dataset =
                new ImageDataset("gray", pixels, new int[] {0}, 1, 2, 2, TWO_CLASSES);
        try (NDManager manager = KitEngine.newManager()) {
            NDList batch = dataset.batch(manager, new int[] {0});
            float[] values = batch.get(0).toFloatArray();
            // x / 127.5 - 1 by hand: 0 -> -1, 255 -> 1, 51 -> -0.6, 204 -> 0.6
            assertArrayEquals(new float[] {-1f, 1f, -0.6f, 0.6f}, values, 1e-6f);
        }
    }

    @Test
    void batchHasNchwShapeAndTypes() {
        try (NDManager manager = KitEngine.newManager()) {
            NDList batch = tinyRgb().batch(manager, new int[] {1, 0, 1});
            assertEquals(new Shape(3, 3, 1, 2), batch.get(0).getShape());
            assertEquals(DataType.FLOAT32, batch.get(0).getDataType());
            assertEquals(new Shape(3), batch.get(1).getShape());
            assertEquals(DataType.INT64, batch.get(1).getDataType());
            assertArrayEquals(new long[] {0, 1, 0}, batch.get(1).toLongArray());
        }
    }

    @Test
    void batchKeepsChannelPlaneOrder() {
        try (NDManager manager = KitEngine.newManager()) {
            float[] values = tinyRgb().batch(manager, new int[] {1}).get(0).toFloatArray();
            // Image 1 holds bytes 6..11: red plane (6, 7), green (8, 9), blue (10, 11).
            for (int i = 0; i < 6; i++) {
                assertEquals((6 + i) / 127.5f - 1f, values[i], 1e-6f, "value " + i);
            }
        }
    }

    @Test
    void batchRejectsOutOfRangeIndex() {
        try (NDManager manager = KitEngine.newManager()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> tinyRgb().batch(manager, new int[] {0, 2}));
            assertTrue(error.getMessage().contains("2"), error.getMessage());
            assertTrue(error.getMessage().contains("[0, 2)"), error.getMessage());
        }
    }

    @Test
    void batchRejectsEmptyIndices() {
        try (NDManager manager = KitEngine.newManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> tinyRgb().batch(manager, new int[0]));
        }
    }

    @Test
    void constructorRejectsWrongPixelCount() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("bad", new byte[11], new int[] {0, 1}, 3, 1, 2,
                        TWO_CLASSES));
        assertTrue(error.getMessage().contains("11"), error.getMessage());
        assertTrue(error.getMessage().contains("12"), error.getMessage());
    }

    @Test
    void constructorRejectsLabelOutOfRange() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("bad", new byte[4], new int[] {0, 2}, 1, 1, 2,
                        TWO_CLASSES));
        assertTrue(error.getMessage().contains("label 2"), error.getMessage());
    }

    @Test
    void constructorRejectsTwoChannels() {
        assertThrows(IllegalArgumentException.class,
                () -> new ImageDataset("bad", new byte[4], new int[] {0}, 2, 1, 2, TWO_CLASSES));
    }

    @Test
    void constructorCopiesArrays() {
        byte[] pixels = {10, 20};
        int[] labels = {1};
        ImageDataset dataset = new ImageDataset("copy", pixels, labels, 1, 1, 2, TWO_CLASSES);
        pixels[0] = 99;
        labels[0] = 0;
        assertArrayEquals(new byte[] {10, 20}, dataset.pixels(0));
        assertEquals(1, dataset.label(0));
    }

    @Test
    void subsetKeepsOrderAndLabels() {
        ImageDataset subset = tinyRgb().subset(new int[] {1, 1, 0});
        assertEquals(3, subset.size());
        assertArrayEquals(new int[] {0, 0, 1}, subset.labels());
        assertArrayEquals(new byte[] {6, 7, 8, 9, 10, 11}, subset.pixels(0));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, subset.pixels(2));
    }

    @Test
    void rangeSubsetCopiesRange() {
        ImageDataset range = tinyRgb().subset(1, 2);
        assertEquals(1, range.size());
        assertEquals(0, range.label(0));
        assertArrayEquals(new byte[] {6, 7, 8, 9, 10, 11}, range.pixels(0));
    }

    @Test
    void rangeSubsetRejectsEmptyRange() {
        assertThrows(IllegalArgumentException.class, () -> tinyRgb().subset(1, 1));
        assertThrows(IllegalArgumentException.class, () -> tinyRgb().subset(0, 3));
    }

    @Test
    void classCountsCountLabels() {
        ImageDataset dataset = new ImageDataset("counts", new byte[4], new int[] {1, 1, 0, 1},
                1, 1, 1, TWO_CLASSES);
        assertArrayEquals(new int[] {1, 3}, dataset.classCounts());
    }

    @Test
    void imageOfRgbSampleHasPlaneColours() {
        BufferedImage image = tinyRgb().image(1);
        assertEquals(2, image.getWidth());
        assertEquals(1, image.getHeight());
        // Pixel (0, 0) of image 1: red 6, green 8, blue 10.
        assertEquals((6 << 16) | (8 << 8) | 10, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals((7 << 16) | (9 << 8) | 11, image.getRGB(1, 0) & 0xFFFFFF);
    }

    @Test
    void imageOfGraySampleKeepsBytes() {
        byte[] pixels = {0, (byte) 200};
        ImageDataset dataset =
                new ImageDataset("gray", pixels, new int[] {0}, 1, 1, 2, TWO_CLASSES);
        BufferedImage image = dataset.image(0);
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        assertEquals(0, image.getRaster().getSample(0, 0, 0));
        assertEquals(200, image.getRaster().getSample(1, 0, 0));
    }
}
