package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    @TempDir Path root;

    private void writePng(String classFolder, String fileName, int red) throws Exception {
        Path folder = root.resolve(classFolder);
        Files.createDirectories(folder);
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 6; x++) {
                image.setRGB(x, y, (red << 16) | (x << 8) | y);
            }
        }
        ImageIO.write(image, "png", folder.resolve(fileName).toFile());
    }

    @Test
    void labelsFollowSortedFolderNames() throws Exception {
        writePng("n02", "b.png", 20);
        writePng("n01", "z.PNG", 10);
        writePng("n03", "a.png", 30);
        writePng("n02", "a.png", 21);
        Files.writeString(root.resolve("n02").resolve("notes.txt"), "not an image");
        ImageFolder folder = ImageFolder.open("test", root);
        assertEquals(List.of("n01", "n02", "n03"), folder.classNames());
        assertEquals(4, folder.size());
        assertEquals(0, folder.label(0));
        assertEquals(1, folder.label(1));
        assertEquals(1, folder.label(2));
        assertEquals(2, folder.label(3));
        assertEquals(root.resolve("n02").resolve("a.png"), folder.file(1));
    }

    @Test
    void readCropsCentralSquare() throws Exception {
        writePng("cats", "one.png", 50);
        BufferedImage image = ImageFolder.open("test", root).read(0);
        assertEquals(4, image.getWidth());
        assertEquals(4, image.getHeight());
        // The 6x4 image loses one column on each side: x = 1 becomes column 0.
        assertEquals((50 << 16) | (1 << 8), image.getRGB(0, 0) & 0xFFFFFF);
        assertEquals((50 << 16) | (4 << 8) | 3, image.getRGB(3, 3) & 0xFFFFFF);
    }

    @Test
    void classRangeRenumbersLabels() throws Exception {
        writePng("a", "1.png", 1);
        writePng("b", "1.png", 2);
        writePng("c", "1.png", 3);
        writePng("c", "2.png", 4);
        ImageFolder subset = ImageFolder.open("test", root).classRange("bc", 1, 3);
        assertEquals(List.of("b", "c"), subset.classNames());
        assertEquals(3, subset.size());
        assertEquals(0, subset.label(0));
        assertEquals(1, subset.label(2));
        assertEquals(root.resolve("c").resolve("2.png"), subset.file(2));
    }

    @Test
    void emptyClassNamesFolder() throws Exception {
        writePng("a", "1.png", 1);
        Files.createDirectories(root.resolve("b"));
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolder.open("test", root));
        assertEquals(root.resolve("b"), error.file());
        assertTrue(error.getMessage().contains("no .jpg, .jpeg or .png"), error.getMessage());
    }

    @Test
    void missingRootFails() {
        Path missing = root.resolve("missing");
        NoSuchFileException error = assertThrows(NoSuchFileException.class,
                () -> ImageFolder.open("test", missing));
        assertEquals(missing.toString(), error.getFile());
    }

    @Test
    void folderWithoutClassesFails() throws Exception {
        Files.writeString(root.resolve("loose.jpg"), "x");
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> ImageFolder.open("test", root));
        assertTrue(error.getMessage().contains("no class subfolder"), error.getMessage());
    }

    @Test
    void unreadableJpegNamesFile() throws Exception {
        writePng("a", "1.png", 1);
        Path broken = root.resolve("a").resolve("2.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, 0, 0});
        ImageFolder folder = ImageFolder.open("test", root);
        DatasetFormatException error = assertThrows(DatasetFormatException.class,
                () -> folder.read(1));
        assertEquals(broken, error.file());
    }

    @Test
    void emptyClassRangeFails() throws Exception {
        writePng("a", "1.png", 1);
        ImageFolder folder = ImageFolder.open("test", root);
        assertThrows(IllegalArgumentException.class, () -> folder.classRange("x", 0, 2));
        assertThrows(IllegalArgumentException.class, () -> folder.classRange("x", 1, 1));
    }
}
