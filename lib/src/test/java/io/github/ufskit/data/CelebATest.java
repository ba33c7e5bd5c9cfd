package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CelebATest {

    @TempDir Path folder;

    /**
     * Writes four 178x218 images, lossless PNG content under the .jpg names of CelebA, with
     * red = x / 2, green = y / 2 and blue = the image number.
     */
    @BeforeEach
    void writeFakeCelebA() throws Exception {
        Path images = folder.resolve(CelebA.IMAGE_FOLDER);
        Files.createDirectories(images);
        StringBuilder partition = new StringBuilder();
        int[] splits = {0, 0, 1, 2};
        for (int i = 1; i <= 4; i++) {
            BufferedImage image = new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 218; y++) {
                for (int x = 0; x < 178; x++) {
                    image.setRGB(x, y, ((x / 2) << 16) | ((y / 2) << 8) | i);
                }
            }
            String name = String.format("%06d.jpg", i);
            ImageIO.write(image, "png", images.resolve(name).toFile());
            partition.append(name).append(' ').append(splits[i - 1]).append('\n');
        }
        Files.writeString(folder.resolve(CelebA.PARTITION_FILE), partition.toString());
    }

    @Test
    void partitionsSelectLines() throws Exception {
        assertEquals(2, CelebA.open(folder, CelebA.Partition.TRAIN).size());
        assertEquals(1, CelebA.open(folder, CelebA.Partition.VALIDATION).size());
        assertEquals(1, CelebA.open(folder, CelebA.Partition.TEST).size());
        CelebA all = CelebA.open(folder, CelebA.Partition.ALL);
        assertEquals(4, all.size());
        assertEquals(0, all.label(3));
        assertTrue(all.file(3).endsWith("000004.jpg"));
    }

    @Test
    void readCropsCentral108() throws Exception {
        CelebA test = CelebA.open(folder, CelebA.Partition.TEST);
        assertEquals(108, test.cropSize());
        BufferedImage image = test.read(0);
        assertEquals(108, image.getWidth());
        assertEquals(108, image.getHeight());
        // left = (178 - 108) / 2 = 35, top = (218 - 108) / 2 = 55
        assertEquals(((35 / 2) << 16) | ((55 / 2) << 8) | 4, image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals(((142 / 2) << 16) | ((162 / 2) << 8) | 4,
                image.getRGB(107, 107) & 0xFFFFFF);
    }

    @Test
    void cropSizeIsParameter() throws Exception {
        BufferedImage image = CelebA.open(folder, CelebA.Partition.TRAIN, 140).read(1);
        assertEquals(140, image.getWidth());
        // left = (178 - 140) / 2 = 19, top = (218 - 140) / 2 = 39
        assertEquals(((19 / 2) << 16) | ((39 / 2) << 8) | 2, image.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void invalidCropSizeFails() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> CelebA.open(folder, CelebA.Partition.ALL, 179));
        assertTrue(error.getMessage().contains("cropSize = 179"), error.getMessage());
    }

    @Test
    void malformedLineNamesLine() throws Exception {
        Files.writeString(folder.resolve(CelebA.PARTITION_FILE), "000001.jpg 0\n000002.jpg 5\n");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> CelebA.open(folder, CelebA.Partition.ALL));
        assertTrue(error.getMessage().contains("line 2 is '000002.jpg 5'"), error.getMessage());
    }

    @Test
    void missingPartitionListFails() throws Exception {
        Files.delete(folder.resolve(CelebA.PARTITION_FILE));
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> CelebA.open(folder, CelebA.Partition.ALL));
        assertTrue(error.getMessage().contains("data-scripts/celeba"), error.getMessage());
    }

    @Test
    void missingImageFolderFails() throws Exception {
        Path first = folder.resolve(CelebA.IMAGE_FOLDER).resolve("000001.jpg");
        Files.delete(first);
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> CelebA.open(folder, CelebA.Partition.ALL));
        assertEquals(first.toString(), error.getFile());
    }
}
