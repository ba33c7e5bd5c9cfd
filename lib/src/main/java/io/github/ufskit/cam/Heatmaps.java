package io.github.ufskit.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.cam.ClassActivationMaps.Kind;
import io.github.ufskit.report.ImageGrid;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Draws class activation maps as heatmaps over their images.
 *
 * <p>A map becomes an overlay in four steps:
 *
 * <ol>
 *   <li>{@link #upsample} resizes it to the image size by bilinear interpolation with half-pixel
 *       centres, as PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} does;
 *   <li>a value v becomes (v - low) / (high - low), clipped to [0, 1];
 *   <li>{@link #inferno} colours it;
 *   <li>{@link #blend} mixes the colour into the image pixel with a fixed opacity.
 * </ol>
 *
 * <p>{@link #grid} normalizes the three maps of one image with one shared range, low and high
 * being the minimum and maximum over all three upsampled maps of that image. Because CAM = CAM_UFS
 * + CAM_SUP, a shared scale keeps the three comparable: a region bright in CAM_SUP and dark in
 * CAM_UFS is one the critic looked at and UFS suppressed. Separate min-max scales would stretch
 * every map to the full colour range and hide how much of CAM each part contains. Different images
 * still get different ranges, so brightness compares regions within an image, not across images.
 */
public final class Heatmaps {

    /** Default opacity of the heatmap over the image: half image, half colour. */
    public static final double DEFAULT_OPACITY = 0.5;

    /**
     * Anchor colours of matplotlib's perceptually uniform 'inferno' colormap, red, green, blue in
     * [0, 1]. Anchor k is the colour matplotlib returns for inferno(k / 8), entry 32 k (entry 255
     * for k = 8) of the 256-entry table in matplotlib's {@code lib/matplotlib/_cm_listed.py}.
     */
    private static final double[][] INFERNO_ANCHORS = {
        {0.001462, 0.000466, 0.013866},
        {0.129285, 0.047293, 0.290788},
        {0.341500, 0.062325, 0.429425},
        {0.540920, 0.134729, 0.415123},
        {0.735683, 0.215906, 0.330245},
        {0.894305, 0.353399, 0.193584},
        {0.978422, 0.557937, 0.034931},
        {0.974638, 0.797692, 0.206332},
        {0.988362, 0.998364, 0.644924}
    };

    private static final int COLUMNS = 1 + Kind.values().length;
    private static final int TITLE_FONT_SIZE = 13;
    private static final int TITLE_PADDING = 4;

    private Heatmaps() {}

    /**
     * Resizes a map by bilinear interpolation with half-pixel centres.
     *
     * <p>Output pixel (y, x) reads the source at ((y + 0.5) * h / height - 0.5, (x + 0.5) * w /
     * width - 0.5), clamped to the map, and mixes the four nearest values linearly. This matches
     * PyTorch's {@code interpolate(mode="bilinear", align_corners=False)} without antialiasing.
     *
     * @param map the map, indexed [row][column], h x w with h, w &ge; 1 and rows of equal length
     * @param height output rows, at least 1
     * @param width output columns, at least 1
     * @return the resized map, height x width
     * @throws IllegalArgumentException if the map is empty or ragged, or a size is below 1
     */
    public static float[][] upsample(float[][] map, int height, int width) {
        checkMap(map);
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "the output size is " + height + "x" + width + " but must be at least 1x1;"
                            + " pass the image height and width");
        }
        int sourceHeight = map.length;
        int sourceWidth = map[0].length;
        float[][] resized = new float[height][width];
        for (int y = 0; y < height; y++) {
            double sourceY = sourceCoordinate(y, sourceHeight, height);
            int top = (int) Math.floor(sourceY);
            int bottom = Math.min(top + 1, sourceHeight - 1);
            double down = sourceY - top;
            for (int x = 0; x < width; x++) {
                double sourceX = sourceCoordinate(x, sourceWidth, width);
                int left = (int) Math.floor(sourceX);
                int right = Math.min(left + 1, sourceWidth - 1);
                double across = sourceX - left;
                double upper = (1 - across) * map[top][left] + across * map[top][right];
                double lower = (1 - across) * map[bottom][left] + across * map[bottom][right];
                resized[y][x] = (float) ((1 - down) * upper + down * lower);
            }
        }
        return resized;
    }

    /**
     * Colours a value with the 'inferno' colormap.
     *
     * <p>The colour interpolates linearly in RGB between the nine anchors at 0, 1/8, ..., 1, so
     * 0 is near black, 0.5 is red-purple and 1 is pale yellow; values outside [0, 1] are clipped.
     * Each channel is rounded to 0..255.
     *
     * @param value a normalized map value
     * @return the colour as 0xRRGGBB
     * @throws IllegalArgumentException if {@code value} is NaN
     */
    public static int inferno(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(
                    "the map value is NaN; check the critic's features for NaN");
        }
        double position = Math.max(0, Math.min(1, value)) * (INFERNO_ANCHORS.length - 1);
        int lower = Math.min((int) Math.floor(position), INFERNO_ANCHORS.length - 2);
        double fraction = position - lower;
        int rgb = 0;
        for (int channel = 0; channel < 3; channel++) {
            double start = INFERNO_ANCHORS[lower][channel];
            double end = INFERNO_ANCHORS[lower + 1][channel];
            double level = (1 - fraction) * start + fraction * end;
            rgb = (rgb << 8) | (int) Math.round(level * 255);
        }
        return rgb;
    }

    /**
     * Mixes a colour into an image pixel: each channel becomes round((1 - opacity) * image +
     * opacity * colour).
     *
     * @param imageRgb the image pixel as 0xRRGGBB; higher bits are ignored
     * @param colorRgb the heatmap colour as 0xRRGGBB; higher bits are ignored
     * @param opacity weight of the colour, 0 (image only) to 1 (colour only)
     * @return the mixed pixel as 0xRRGGBB
     * @throws IllegalArgumentException if {@code opacity} is outside [0, 1]
     */
    public static int blend(int imageRgb, int colorRgb, double opacity) {
        checkOpacity(opacity);
        int rgb = 0;
        for (int shift = 16; shift >= 0; shift -= 8) {
            int image = (imageRgb >> shift) & 0xFF;
            int color = (colorRgb >> shift) & 0xFF;
            int mixed = (int) Math.round((1 - opacity) * image + opacity * color);
            rgb |= mixed << shift;
        }
        return rgb;
    }

    /**
     * Draws a map over an image: upsamples it to the image size, scales values from [low, high]
     * to [0, 1], colours them with {@link #inferno} and blends them into the image.
     *
     * <p>When {@code high == low} every value gets the colour of 0, because the map has no
     * contrast to show.
     *
     * @param image the picture, left unchanged
     * @param map the map, indexed [row][column], of any size
     * @param low the map value drawn with the colour of 0
     * @param high the map value drawn with the colour of 1, at least {@code low}
     * @param opacity weight of the heatmap colour, 0 to 1
     * @return a new RGB image of the image's size
     * @throws IllegalArgumentException if the map is empty, ragged or contains NaN, the range
     *     is not finite or {@code high < low}, or {@code opacity} is outside [0, 1]
     */
    public static BufferedImage overlay(
            BufferedImage image, float[][] map, double low, double high, double opacity) {
        Objects.requireNonNull(image, "image is null; pass the picture under the heatmap");
        checkOpacity(opacity);
        if (!Double.isFinite(low) || !Double.isFinite(high) || high < low) {
            throw new IllegalArgumentException(
                    "the range is [" + low + ", " + high + "] but must be finite with low <="
                            + " high; pass the minimum and maximum of the maps");
        }
        int height = image.getHeight();
        int width = image.getWidth();
        float[][] resized = upsample(map, height, width);
        double span = high - low;
        BufferedImage result = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float value = resized[y][x];
                if (Float.isNaN(value)) {
                    throw new IllegalArgumentException(
                            "the map contains NaN near row " + y + ", column " + x + " of the"
                                    + " image; check the critic's features for NaN");
                }
                double normalized = span > 0 ? (value - low) / span : 0;
                int color = inferno(normalized);
                result.setRGB(x, y, blend(image.getRGB(x, y), color, opacity));
            }
        }
        return result;
    }

    /**
     * Draws one row per image: the image, then CAM, CAM_UFS and CAM_SUP over it.
     *
     * <p>Each tile is the image enlarged {@code scale} times by pixel repetition, and each map is
     * upsampled to that enlarged size. The three maps of one image share one range, the minimum
     * and maximum over all three upsampled maps, as the class comment explains. Tiles are laid
     * out by {@link ImageGrid#of(List, int)}, with its border between them.
     *
     * @param images images (N, C, H, W) with C = 1 or 3 and values in [-1, 1], mapped to 0..255
     *     by round((v + 1) * 127.5) after clipping, as {@link ImageGrid} does
     * @param maps the maps of the same N images
     * @param scale the enlargement of every tile, at least 1 (4 turns 32 x 32 into 128 x 128)
     * @param opacity weight of the heatmap colour, 0 to 1; {@link #DEFAULT_OPACITY} suits most
     * @return an RGB image of N rows and 4 columns of tiles
     * @throws IllegalArgumentException if the image shape is not (N, C, H, W) with C = 1 or 3,
     *     the counts of images and maps differ, {@code scale} is below 1, {@code opacity} is
     *     outside [0, 1], or an image or map value is NaN
     */
    public static BufferedImage grid(
            NDArray images, ClassActivationMaps maps, int scale, double opacity) {
        return ImageGrid.of(tiles(images, maps, scale, opacity), COLUMNS);
    }

    /**
     * Draws the rows of {@link #grid} and saves them as PNG, replacing {@code file} atomically so
     * that a reader never sees a partial file.
     *
     * @param images images (N, C, H, W) with C = 1 or 3 and values in [-1, 1]
     * @param maps the maps of the same N images
     * @param scale the enlargement of every tile, at least 1
     * @param opacity weight of the heatmap colour, 0 to 1
     * @param file the PNG file to create or replace; missing parent directories are created
     * @return the grid image, for display in a notebook
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException as {@link #grid} does
     */
    public static BufferedImage savePng(
            NDArray images, ClassActivationMaps maps, int scale, double opacity, Path file)
            throws IOException {
        Objects.requireNonNull(file, "file is null; pass the path of the PNG to write");
        return ImageGrid.savePng(tiles(images, maps, scale, opacity), COLUMNS, file);
    }

    /**
     * Adds column titles (image, CAM, CAM_UFS, CAM_SUP) above a grid from {@link #grid} and a
     * title for each row to its left, on a white margin.
     *
     * @param grid a grid of {@link #grid}'s layout
     * @param rowTitles one title per row, for example the class of each image
     * @return a new, larger image
     */
    public static BufferedImage titled(BufferedImage grid, List<String> rowTitles) {
        Objects.requireNonNull(grid, "grid is null; pass the image that grid(...) returned");
        Objects.requireNonNull(rowTitles, "rowTitles is null; pass one title per row");
        int rows = rowTitles.size();
        if (rows < 1) {
            throw new IllegalArgumentException("rowTitles is empty; pass one title per row");
        }
        // The grid's tiles are square, so its width gives their side and its height the rows.
        int tile = (grid.getWidth() - (COLUMNS + 1) * ImageGrid.BORDER) / COLUMNS;
        int gridRows =
                (grid.getHeight() - ImageGrid.BORDER) / Math.max(1, tile + ImageGrid.BORDER);
        if (gridRows != rows) {
            throw new IllegalArgumentException(
                    "the grid has "
                            + gridRows
                            + " rows of tiles but "
                            + rows
                            + " row titles were given; pass one title per image");
        }

        // Measure the titles to size the margins.
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, TITLE_FONT_SIZE);
        BufferedImage measure = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D measuring = measure.createGraphics();
        FontMetrics metrics = measuring.getFontMetrics(font);
        int left = 0;
        for (String title : rowTitles) {
            left = Math.max(left, metrics.stringWidth(title));
        }
        measuring.dispose();
        left += 2 * TITLE_PADDING;
        int top = metrics.getHeight() + 2 * TITLE_PADDING;

        BufferedImage titled =
                new BufferedImage(
                        left + grid.getWidth(), top + grid.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = titled.createGraphics();
        graphics.setRenderingHint(
                RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, titled.getWidth(), titled.getHeight());
        graphics.drawImage(grid, left, top, null);
        graphics.setColor(Color.BLACK);
        graphics.setFont(font);

        // Tiles are equally wide, so each column's centre is at a fixed fraction of the grid.
        String[] columns = {"image", "CAM", "CAM_UFS", "CAM_SUP"};
        double columnWidth = (grid.getWidth() - ImageGrid.BORDER) / (double) COLUMNS;
        for (int c = 0; c < COLUMNS; c++) {
            int centre = left + ImageGrid.BORDER + (int) ((c + 0.5) * columnWidth);
            graphics.drawString(
                    columns[c],
                    centre - metrics.stringWidth(columns[c]) / 2,
                    TITLE_PADDING + metrics.getAscent());
        }

        double rowHeight = (grid.getHeight() - ImageGrid.BORDER) / (double) rows;
        for (int r = 0; r < rows; r++) {
            int centre = top + ImageGrid.BORDER + (int) ((r + 0.5) * rowHeight);
            graphics.drawString(
                    rowTitles.get(r),
                    TITLE_PADDING,
                    centre + metrics.getAscent() / 2 - metrics.getDescent() / 2);
        }
        graphics.dispose();
        return titled;
    }

    /** Draws the tiles of {@link #grid} in row order: image, CAM, CAM_UFS, CAM_SUP. */
    private static List<BufferedImage> tiles(
            NDArray images, ClassActivationMaps maps, int scale, double opacity) {
        Objects.requireNonNull(images, "images is null; pass an (N, C, H, W) array");
        Objects.requireNonNull(maps, "maps is null; pass the class activation maps of the images");
        checkOpacity(opacity);
        Shape shape = checkImages(images.getShape(), maps.count());
        if (scale < 1) {
            throw new IllegalArgumentException(
                    "scale is " + scale + " but must be at least 1; pass 1 to keep the image size");
        }
        int channels = Math.toIntExact(shape.get(1));
        int height = Math.toIntExact(shape.get(2));
        int width = Math.toIntExact(shape.get(3));
        // In double, because the pixel count of a large scale overflows long.
        if ((double) height * scale * width * scale * COLUMNS > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "scale " + scale + " makes " + width + "x" + height + " images too large for"
                            + " one picture; pass a smaller scale");
        }

        float[] pixels = hostValues(images);
        List<BufferedImage> tiles = new ArrayList<>();
        for (int sample = 0; sample < maps.count(); sample++) {
            BufferedImage picture = picture(pixels, sample, channels, height, width, scale);
            tiles.add(picture);
            tiles.addAll(overlays(picture, maps, sample, opacity));
        }
        return tiles;
    }

    private static List<BufferedImage> overlays(
            BufferedImage picture, ClassActivationMaps maps, int sample, double opacity) {
        int height = picture.getHeight();
        int width = picture.getWidth();
        List<float[][]> resized = new ArrayList<>();
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Kind kind : Kind.values()) {
            float[][] map = upsample(maps.map(kind, sample), height, width);
            for (float[] row : map) {
                for (float value : row) {
                    if (Float.isNaN(value)) {
                        throw new IllegalArgumentException(
                                kind + " of image " + sample + " contains NaN; check the"
                                        + " critic's features for NaN");
                    }
                    low = Math.min(low, value);
                    high = Math.max(high, value);
                }
            }
            resized.add(map);
        }
        List<BufferedImage> drawn = new ArrayList<>();
        for (float[][] map : resized) {
            drawn.add(overlay(picture, map, low, high, opacity));
        }
        return drawn;
    }

    /** Converts one image of an (N, C, H, W) batch to RGB, each pixel repeated scale times. */
    private static BufferedImage picture(
            float[] pixels, int sample, int channels, int height, int width, int scale) {
        BufferedImage picture =
                new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        int offset = sample * channels * plane;
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                int pixel = offset + (y / scale) * width + x / scale;
                int red = level(pixels[pixel], sample);
                int green = channels == 3 ? level(pixels[pixel + plane], sample) : red;
                int blue = channels == 3 ? level(pixels[pixel + 2 * plane], sample) : red;
                picture.setRGB(x, y, (red << 16) | (green << 8) | blue);
            }
        }
        return picture;
    }

    private static int level(float value, int sample) {
        if (Float.isNaN(value)) {
            throw new IllegalArgumentException(
                    "image " + sample + " contains NaN; check the generator output");
        }
        double clipped = Math.max(-1.0, Math.min(1.0, value));
        return (int) Math.round((clipped + 1.0) * 127.5);
    }

    private static Shape checkImages(Shape shape, int mapCount) {
        if (shape.dimension() != 4 || shape.size() == 0) {
            throw new IllegalArgumentException(
                    "images has shape " + shape + " but must be a non-empty (N, C, H, W) array;"
                            + " add a batch axis with expandDims(0) for a single image");
        }
        if (shape.get(1) != 1 && shape.get(1) != 3) {
            throw new IllegalArgumentException(
                    "images has " + shape.get(1) + " channels (shape " + shape + ") but must have"
                            + " 1 or 3; images must be laid out (N, C, H, W), not (N, H, W, C)");
        }
        if (shape.get(0) != mapCount) {
            throw new IllegalArgumentException(
                    "images has " + shape.get(0) + " images but the maps have " + mapCount
                            + "; pass the images the maps were computed from");
        }
        return shape;
    }

    private static void checkMap(float[][] map) {
        Objects.requireNonNull(map, "map is null; pass a map indexed [row][column]");
        if (map.length == 0 || map[0] == null || map[0].length == 0) {
            throw new IllegalArgumentException(
                    "the map is empty but must have at least 1x1 values");
        }
        for (int row = 1; row < map.length; row++) {
            if (map[row] == null || map[row].length != map[0].length) {
                throw new IllegalArgumentException(
                        "row " + row + " of the map has "
                                + (map[row] == null ? "no" : String.valueOf(map[row].length))
                                + " values but row 0 has " + map[0].length
                                + "; pass a rectangular map");
            }
        }
    }

    private static void checkOpacity(double opacity) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw new IllegalArgumentException(
                    "opacity is " + opacity + " but must be in [0, 1]; "
                            + DEFAULT_OPACITY + " shows image and heatmap equally");
        }
    }

    private static double sourceCoordinate(int target, int sourceSize, int targetSize) {
        double coordinate = (target + 0.5) * sourceSize / targetSize - 0.5;
        return Math.max(0, Math.min(sourceSize - 1, coordinate));
    }

    private static float[] hostValues(NDArray array) {
        try (NDArray detached = array.stopGradient()) {
            if (detached.getDataType() == DataType.FLOAT32) {
                return detached.toFloatArray();
            }
            try (NDArray floats = detached.toType(DataType.FLOAT32, true)) {
                return floats.toFloatArray();
            }
        }
    }
}
