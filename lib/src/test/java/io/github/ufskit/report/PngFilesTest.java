package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngFilesTest {

    @Test
    void writeReplacesFileAndLeavesNoTemporary(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("nested").resolve("out.png");
        BufferedImage first = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        BufferedImage second = new BufferedImage(2, 5, BufferedImage.TYPE_INT_RGB);
        second.setRGB(1, 4, 0xABCDEF);

        PngFiles.write(first, file);
        PngFiles.write(second, file);
        BufferedImage read = ImageIO.read(file.toFile());

        assertEquals(2, read.getWidth());
        assertEquals(5, read.getHeight());
        assertEquals(0xABCDEF, read.getRGB(1, 4) & 0xFFFFFF);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList());
        }
    }
}
