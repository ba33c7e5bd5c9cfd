package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = KitEngine.newManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    /**
     * Three 1x2x2 images in two columns: a 10x10 grid. Image 0 is all -1, image 1 contains 0.5,
     * -0.5, 2 and -3 (the last two clipped), image 2 is all 0, and cell 3 stays border.
     */
    private static NDArray threeGreyImages() {
        float[] values = {
            -1, -1, -1, -1,
            0.5f, -0.5f, 2, -3,
            0, 0, 0, 0
        };
        return manager.create(values, new Shape(3, 1, 2, 2));
    }

    private static int grey(int level) {
        return (level << 16) | (level << 8) | level;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void greyGridHasBorderedLayout() {
        BufferedImage grid = ImageGrid.of(threeGreyImages(), 2);

        assertEquals(10, grid.getWidth());
        assertEquals(10, grid.getHeight());
        assertEquals(0xFFFFFF, rgb(grid, 0, 0));
        assertEquals(0xFFFFFF, rgb(grid, 4, 2));
        assertEquals(0xFFFFFF, rgb(grid, 2, 4));
        assertEquals(grey(0), rgb(grid, 2, 2));
        assertEquals(grey(0), rgb(grid, 3, 3));
        assertEquals(grey(128), rgb(grid, 2, 6));
        assertEquals(0xFFFFFF, rgb(grid, 6, 6));
    }

    @Test
    void greyValuesMapAndClip() {
        BufferedImage grid = ImageGrid.of(threeGreyImages(), 2);

        // round((v + 1) * 127.5): 0.5 -> 191.25 -> 191, -0.5 -> 63.75 -> 64, 2 -> 1 -> 255.
        assertEquals(grey(191), rgb(grid, 6, 2));
        assertEquals(grey(64), rgb(grid, 7, 2));
        assertEquals(grey(255), rgb(grid, 6, 3));
        assertEquals(grey(0), rgb(grid, 7, 3));
    }

    @Test
    void colourChannelsAreRedGreenBlue() {
        NDArray image = manager.create(new float[] {1, -1, 0}, new Shape(1, 3, 1, 1));

        BufferedImage grid = ImageGrid.of(image, 8);

        assertEquals(5, grid.getWidth());
        assertEquals(5, grid.getHeight());
        assertEquals(0xFF0080, rgb(grid, 2, 2));
    }

    @Test
    void doubleArrayIsConverted() {
        NDArray image =
                manager.create(new double[] {0.5}, new Shape(1, 1, 1, 1)).toType(
                        DataType.FLOAT64, false);

        assertEquals(grey(191), rgb(ImageGrid.of(image, 1), 2, 2));
    }

    @Test
    void pngRoundTripKeepsPixels(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("grids").resolve("samples.png");

        BufferedImage saved = ImageGrid.savePng(threeGreyImages(), 2, file);
        BufferedImage read = ImageIO.read(file.toFile());

        assertEquals(10, saved.getWidth());
        assertEquals(10, read.getWidth());
        assertEquals(10, read.getHeight());
        assertEquals(grey(191), rgb(read, 6, 2));
        assertEquals(grey(128), rgb(read, 3, 7));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void bufferedImagesTileInRows() {
        BufferedImage red = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        BufferedImage blue = new BufferedImage(3, 1, BufferedImage.TYPE_INT_RGB);
        red.setRGB(0, 0, 0xFF0000);
        blue.setRGB(2, 0, 0x0000FF);

        BufferedImage grid = ImageGrid.of(List.of(red, blue, red), 2);

        // Two columns of 3 + 2 pixels plus 2: 12 wide. Two rows of 1 + 2 plus 2: 8 high.
        assertEquals(12, grid.getWidth());
        assertEquals(8, grid.getHeight());
        assertEquals(0xFF0000, rgb(grid, 2, 2));
        assertEquals(0x000000, rgb(grid, 3, 2));
        assertEquals(0x0000FF, rgb(grid, 9, 2));
        assertEquals(0xFF0000, rgb(grid, 2, 5));
        assertEquals(0xFFFFFF, rgb(grid, 7, 5));
    }

    @Test
    void differentSizesAreRejected() {
        List<BufferedImage> images =
                List.of(
                        new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB),
                        new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(images, 2));
        assertTrue(error.getMessage().contains("image 1 is 3x2"), error.getMessage());
    }

    @Test
    void channelsLastIsRejected() {
        NDArray images = manager.zeros(new Shape(2, 4, 4, 3));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(images, 2));
        assertTrue(error.getMessage().contains("4 channels"), error.getMessage());
    }

    @Test
    void threeDimensionsAreRejected() {
        NDArray image = manager.zeros(new Shape(1, 4, 4));

        assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(image, 2));
    }

    @Test
    void nanIsRejected() {
        NDArray image = manager.create(new float[] {Float.NaN}, new Shape(1, 1, 1, 1));

        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> ImageGrid.of(image, 1));
        assertTrue(error.getMessage().contains("NaN"), error.getMessage());
    }

    @Test
    void zeroColumnsAreRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> ImageGrid.of(threeGreyImages(), 0));
        assertTrue(error.getMessage().contains("columns is 0"), error.getMessage());
    }
}
