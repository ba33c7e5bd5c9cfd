package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTransformsTest {

    @TempDir Path directory;

    /** Creates an RGB image whose pixel (x, y) has red x, green y and blue 7. */
    static BufferedImage coordinateImage(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, (x << 16) | (y << 8) | 7);
            }
        }
        return image;
    }

    @Test
    void centerCropTakesMiddle() {
        BufferedImage cropped = ImageTransforms.centerCrop(coordinateImage(7, 6), 2, 3);
        assertEquals(2, cropped.getWidth());
        assertEquals(3, cropped.getHeight());
        // left = (7 - 2) / 2 = 2, top = (6 - 3) / 2 = 1
        assertEquals((2 << 16) | (1 << 8) | 7, cropped.getRGB(0, 0) & 0xFFFFFF);
        assertEquals((3 << 16) | (3 << 8) | 7, cropped.getRGB(1, 2) & 0xFFFFFF);
    }

    @Test
    void centerSquareUsesShortSide() {
        BufferedImage square = ImageTransforms.centerSquare(coordinateImage(10, 4));
        assertEquals(4, square.getWidth());
        assertEquals(4, square.getHeight());
        assertEquals(3, (square.getRGB(0, 0) >> 16) & 0xFF);
    }

    @Test
    void cropLargerThanImageFails() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> ImageTransforms.centerCrop(coordinateImage(4, 4), 5, 2));
        assertTrue(error.getMessage().contains("5x2 does not fit in a 4x4"), error.getMessage());
    }

    @Test
    void resizeAveragesAreas() {
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        int[] reds = {0, 10, 20, 30};
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, reds[(y % 2) * 2 + x % 2] << 16 | (x < 2 ? 40 : 80) << 8);
            }
        }
        BufferedImage small = ImageTransforms.resize(image, 2);
        assertEquals(2, small.getWidth());
        // Each output pixel averages a 2x2 block: red (0 + 10 + 20 + 30) / 4 = 15.
        assertEquals(15, (small.getRGB(0, 0) >> 16) & 0xFF);
        assertEquals(15, (small.getRGB(1, 1) >> 16) & 0xFF);
        assertEquals(40, (small.getRGB(0, 1) >> 8) & 0xFF);
        assertEquals(80, (small.getRGB(1, 0) >> 8) & 0xFF);
    }

    @Test
    void copyChwWritesPlanes() {
        BufferedImage image = coordinateImage(2, 2);
        byte[] target = new byte[1 + 12];
        ImageTransforms.copyChw(image, target, 1);
        // The red plane contains x, green y and blue 7, each plane in row-major order.
        assertEquals(0, target[1]);
        assertEquals(1, target[2]);
        assertEquals(0, target[3]);
        assertEquals(1, target[4]);
        assertEquals(0, target[5]);
        assertEquals(0, target[6]);
        assertEquals(1, target[7]);
        assertEquals(1, target[8]);
        assertEquals(7, target[9]);
        assertEquals(7, target[12]);
    }

    @Test
    void readRgbDecodesPng() throws Exception {
        Path file = directory.resolve("image.png");
        ImageIO.write(coordinateImage(3, 2), "png", file.toFile());
        BufferedImage read = ImageTransforms.readRgb(file);
        assertEquals(BufferedImage.TYPE_INT_RGB, read.getType());
        assertEquals((2 << 16) | (1 << 8) | 7, read.getRGB(2, 1) & 0xFFFFFF);
    }

    @Test
    void readRgbRejectsGarbage() throws Exception {
        Path file = directory.resolve("broken.jpg");
        Files.write(file, new byte[] {1, 2, 3, 4});
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageTransforms.readRgb(file));
        assertEquals(file, error.file());
        assertTrue(error.getMessage().contains("delete it"), error.getMessage());
    }

    @Test
    void readRgbRejectsTruncatedJpeg() throws Exception {
        Path whole = directory.resolve("whole.jpg");
        ImageIO.write(coordinateImage(64, 64), "jpg", whole.toFile());
        byte[] bytes = Files.readAllBytes(whole);
        Path file = directory.resolve("truncated.jpg");
        Files.write(file, java.util.Arrays.copyOf(bytes, 40));
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageTransforms.readRgb(file));
        assertTrue(error.getMessage().startsWith(file.toString()), error.getMessage());
    }

    @Test
    void readRgbMissingFileFails() {
        Path file = directory.resolve("missing.png");
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> ImageTransforms.readRgb(file));
        assertEquals(file.toString(), error.getFile());
    }
}
