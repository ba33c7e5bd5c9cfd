package io.github.ufskit.report;

import io.github.ufskit.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** PNG writer that replaces the target file atomically. */
final class PngFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PngFiles.class);

    private PngFiles() {}

    /**
     * Writes an image as PNG to a temporary file next to {@code file}, then moves it over
     * {@code file} with an atomic move, so a reader never sees a half-written PNG. Creates
     * missing parent directories.
     *
     * @param image the image to write
     * @param file the PNG file to create or replace
     * @throws IOException if the file cannot be written or moved
     */
    static void write(BufferedImage image, Path file) throws IOException {
        Objects.requireNonNull(image, "image is null; pass the BufferedImage to save");
        Objects.requireNonNull(file, "file is null; pass the path of the PNG to write");
        Path target = file.toAbsolutePath();
        AtomicFiles.write(
                target,
                out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException(
                                "No PNG writer accepts image type " + image.getType() + " for "
                                        + file
                                        + "; convert the image to BufferedImage.TYPE_INT_RGB"
                                        + " first");
                    }
                });
        LOG.debug("Wrote {}x{} PNG {}", image.getWidth(), image.getHeight(), target);
    }
}
