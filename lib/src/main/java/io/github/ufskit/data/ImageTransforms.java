package io.github.ufskit.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes, crops and resizes images for the readers of this package.
 *
 * <p>Resizing uses area averaging ({@link Image#SCALE_AREA_AVERAGING} of java.awt): each output
 * pixel is the mean of the source pixels it covers, weighted by the covered area. For the
 * downscaling that every data set here needs, this avoids the aliasing of nearest-neighbour or
 * bilinear sampling without a tuned filter.
 */
public final class ImageTransforms {

    private ImageTransforms() {}

    /**
     * Decodes a JPEG or PNG file into an RGB image.
     *
     * @param file the image file
     * @return a {@code TYPE_INT_RGB} image; grayscale, palette and ARGB images are
     *     converted
     * @throws NoSuchFileException if the file does not exist
     * @throws DatasetFormatException if ImageIO has no reader for the content or decoding fails
     * @throws IOException if the file cannot be read
     */
    public static BufferedImage readRgb(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null,
                    "image file not found; check the data set folder or run the data script again");
        }
        BufferedImage decoded;
        try {
            decoded = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file, "cannot be decoded as JPEG or PNG ("
                    + e.getMessage() + ")", "Delete or replace the file, or extract the data"
                    + " set again", e);
        }
        if (decoded == null) {
            throw new DatasetFormatException(file, "is not a JPEG or PNG image that ImageIO can"
                    + " read (CMYK JPEGs are not supported)", "Convert it to RGB JPEG or PNG,"
                    + " or delete it");
        }
        return toRgb(decoded);
    }

    /**
     * Returns the image itself if it is {@code TYPE_INT_RGB}, else an RGB copy.
     *
     * @param image any image
     * @return an RGB image of the same size
     */
    public static BufferedImage toRgb(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        return rgb;
    }

    /**
     * Crops the central {@code cropWidth × cropHeight} region.
     *
     * <p>The left offset is {@code (width - cropWidth) / 2}, rounded down, and the top offset
     * likewise, so an odd margin leaves the extra pixel on the right or at the bottom.
     *
     * @param image the image to crop
     * @param cropWidth width of the region, in [1, image width]
     * @param cropHeight height of the region, in [1, image height]
     * @return an RGB copy of the region
     * @throws IllegalArgumentException if the region does not fit in the image
     */
    public static BufferedImage centerCrop(BufferedImage image, int cropWidth, int cropHeight) {
        if (cropWidth < 1 || cropHeight < 1 || cropWidth > image.getWidth()
                || cropHeight > image.getHeight()) {
            throw new IllegalArgumentException(String.format(
                    "Crop %dx%d does not fit in a %dx%d image; choose a crop within the image",
                    cropWidth, cropHeight, image.getWidth(), image.getHeight()));
        }
        int left = (image.getWidth() - cropWidth) / 2;
        int top = (image.getHeight() - cropHeight) / 2;
        return copy(image.getSubimage(left, top, cropWidth, cropHeight));
    }

    /**
     * Crops the central square whose side is the shorter side of the image.
     *
     * @param image the image to crop
     * @return an RGB copy of the central square
     */
    public static BufferedImage centerSquare(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        return centerCrop(image, side, side);
    }

    /**
     * Resizes an image to {@code size × size} by area averaging.
     *
     * @param image the image to resize; a non-square image is stretched
     * @param size the side length of the result, at least 1
     * @return an RGB image of {@code size × size}; the input itself if it already has that size
     * @throws IllegalArgumentException if {@code size < 1}
     */
    public static BufferedImage resize(BufferedImage image, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("Image size " + size + " is invalid; expected >= 1");
        }
        if (image.getWidth() == size && image.getHeight() == size) {
            return toRgb(image);
        }
        Image scaled = image.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING);
        BufferedImage result = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = result.createGraphics();
        graphics.drawImage(scaled, 0, 0, null);
        graphics.dispose();
        return result;
    }

    /**
     * Copies the pixels of an RGB image into a byte array in CHW order.
     *
     * @param image the image, {@code H × W}
     * @param target the array to fill
     * @param offset the index of the first red byte; {@code 3 * H * W} bytes are written
     */
    public static void copyChw(BufferedImage image, byte[] target, int offset) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
        for (int position = 0; position < plane; position++) {
            int pixel = rgb[position];
            target[offset + position] = (byte) (pixel >> 16);
            target[offset + plane + position] = (byte) (pixel >> 8);
            target[offset + 2 * plane + position] = (byte) pixel;
        }
    }

    private static BufferedImage copy(BufferedImage image) {
        BufferedImage result =
                new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = result.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        return result;
    }
}
