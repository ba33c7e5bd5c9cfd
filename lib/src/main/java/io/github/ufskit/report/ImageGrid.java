package io.github.ufskit.report;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Tiles a batch of images into one picture, row by row, with a {@value #BORDER}-pixel border of
 * colour {@link #BORDER_RGB} around and between the tiles.
 *
 * <p>For {@code n} images the grid has {@code c = min(columns, n)} columns and {@code ceil(n /
 * c)} rows, so tiles {@code w} pixels wide give a grid {@code c * (w + 2) + 2} pixels wide.
 * Cells after the last image are filled with the border colour.
 */
public final class ImageGrid {

    /** Border width in pixels around and between tiles. */
    public static final int BORDER = 2;

    /** Border colour as 0xRRGGBB. White separates tiles with the black background of MNIST. */
    public static final int BORDER_RGB = 0xFFFFFF;

    private ImageGrid() {}

    /**
     * Tiles a batch of generator outputs.
     *
     * <p>Values are clipped to [-1, 1] and mapped linearly to 0..255 by {@code round((v + 1) *
     * 127.5)}, so -1 is black, 1 is white and 0 is level 128. One channel gives grey tiles, three
     * channels give RGB tiles in channel order red, green, blue.
     *
     * @param images array of shape (N, C, H, W) with C = 1 or 3, on any device and of any
     *     floating-point type
     * @param columns the number of tiles per row, at least 1
     * @return an RGB image of the grid
     * @throws IllegalArgumentException if the shape is not (N, C, H, W) with N &ge; 1 and C = 1
     *     or 3, {@code columns} is below 1, or a value is NaN
     */
    public static BufferedImage of(NDArray images, int columns) {
        Objects.requireNonNull(images, "images is null; pass an (N, C, H, W) array");
        checkColumns(columns);
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException(
                    "images has shape " + shape + " but must be (N, C, H, W); add a batch axis"
                            + " with expandDims(0) for a single image");
        }
        int count = Math.toIntExact(shape.get(0));
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(
                    "images has " + channels + " channels (shape " + shape + ") but must have 1"
                            + " or 3; images must be laid out (N, C, H, W), not (N, H, W, C)");
        }
        if (count < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "images has shape " + shape + " but needs at least one image of at least"
                            + " 1x1 pixels");
        }

        float[] values = toFloats(images);
        BufferedImage grid = emptyGrid(count, columns, width, height);
        int gridColumns = Math.min(columns, count);
        int planeSize = height * width;
        for (int image = 0; image < count; image++) {
            int left = BORDER + (image % gridColumns) * (width + BORDER);
            int top = BORDER + (image / gridColumns) * (height + BORDER);
            int imageOffset = image * channels * planeSize;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int pixel = imageOffset + y * width + x;
                    int red = level(values[pixel], image);
                    int green = channels == 3 ? level(values[pixel + planeSize], image) : red;
                    int blue = channels == 3 ? level(values[pixel + 2 * planeSize], image) : red;
                    grid.setRGB(left + x, top + y, (red << 16) | (green << 8) | blue);
                }
            }
        }
        return grid;
    }

    /**
     * Tiles pictures of equal size.
     *
     * @param images the pictures, all of the same width and height
     * @param columns the number of tiles per row, at least 1
     * @return an RGB image of the grid
     * @throws IllegalArgumentException if {@code images} is empty, the sizes differ, or {@code
     *     columns} is below 1
     */
    public static BufferedImage of(List<BufferedImage> images, int columns) {
        Objects.requireNonNull(images, "images is null; pass a list of BufferedImage");
        checkColumns(columns);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("images is empty; pass at least one image");
        }
        BufferedImage first = Objects.requireNonNull(images.get(0), "image 0 is null");
        int width = first.getWidth();
        int height = first.getHeight();
        for (int i = 1; i < images.size(); i++) {
            BufferedImage image = Objects.requireNonNull(images.get(i), "image " + i + " is null");
            if (image.getWidth() != width || image.getHeight() != height) {
                throw new IllegalArgumentException(
                        "image " + i + " is " + image.getWidth() + "x" + image.getHeight()
                                + " but image 0 is " + width + "x" + height
                                + "; scale the images to one size first");
            }
        }

        BufferedImage grid = emptyGrid(images.size(), columns, width, height);
        int gridColumns = Math.min(columns, images.size());
        Graphics2D graphics = grid.createGraphics();
        try {
            for (int i = 0; i < images.size(); i++) {
                int left = BORDER + (i % gridColumns) * (width + BORDER);
                int top = BORDER + (i / gridColumns) * (height + BORDER);
                graphics.drawImage(images.get(i), left, top, null);
            }
        } finally {
            graphics.dispose();
        }
        return grid;
    }

    /**
     * Tiles a batch of generator outputs as {@link #of(NDArray, int)} does and saves the grid as
     * PNG, replacing {@code file} atomically.
     *
     * @param images array of shape (N, C, H, W) with C = 1 or 3 and values in [-1, 1]
     * @param columns the number of tiles per row, at least 1
     * @param file the PNG file to create or replace; missing parent directories are created
     * @return the grid image, for display in a notebook
     * @throws IOException if the file cannot be written
     */
    public static BufferedImage savePng(NDArray images, int columns, Path file)
            throws IOException {
        BufferedImage grid = of(images, columns);
        PngFiles.write(grid, file);
        return grid;
    }

    /**
     * Tiles pictures as {@link #of(List, int)} does and saves the grid as PNG, replacing {@code
     * file} atomically.
     *
     * @param images the pictures, all of the same width and height
     * @param columns the number of tiles per row, at least 1
     * @param file the PNG file to create or replace; missing parent directories are created
     * @return the grid image, for display in a notebook
     * @throws IOException if the file cannot be written
     */
    public static BufferedImage savePng(List<BufferedImage> images, int columns, Path file)
            throws IOException {
        BufferedImage grid = of(images, columns);
        PngFiles.write(grid, file);
        return grid;
    }

    private static void checkColumns(int columns) {
        if (columns < 1) {
            throw new IllegalArgumentException(
                    "columns is " + columns + " but must be at least 1; 8 suits a batch of 64");
        }
    }

    private static BufferedImage emptyGrid(int count, int columns, int width, int height) {
        int gridColumns = Math.min(columns, count);
        int gridRows = (count + gridColumns - 1) / gridColumns;
        long gridWidth = (long) gridColumns * (width + BORDER) + BORDER;
        long gridHeight = (long) gridRows * (height + BORDER) + BORDER;
        if (gridWidth * gridHeight > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "A grid of " + count + " images of " + width + "x" + height + " pixels in "
                            + gridColumns + " columns is " + gridWidth + "x" + gridHeight
                            + " pixels, too large for one image; show fewer images");
        }
        BufferedImage grid =
                new BufferedImage((int) gridWidth, (int) gridHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = grid.createGraphics();
        try {
            graphics.setColor(new Color(BORDER_RGB));
            graphics.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        } finally {
            graphics.dispose();
        }
        return grid;
    }

    private static float[] toFloats(NDArray images) {
        if (images.getDataType() == DataType.FLOAT32) {
            return images.toFloatArray();
        }
        try (NDArray floats = images.toType(DataType.FLOAT32, true)) {
            return floats.toFloatArray();
        }
    }

    /** Maps a value in [-1, 1] to 0..255, clipping values outside the interval. */
    private static int level(float value, int image) {
        if (Float.isNaN(value)) {
            throw new IllegalArgumentException(
                    "image " + image + " contains NaN; the generator output is invalid, so check"
                            + " the training for divergence");
        }
        double clipped = Math.max(-1.0, Math.min(1.0, value));
        return (int) Math.round((clipped + 1.0) * 127.5);
    }
}
