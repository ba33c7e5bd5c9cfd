package io.github.ufskit.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.report.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeatmapsTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    /** round(255 * c) of inferno's first, middle (entry 128) and last anchor. */
    private static final int INFERNO_ZERO = 0x000004;

    private static final int INFERNO_HALF = 0xBC3754;

    private static final int INFERNO_ONE = 0xFCFFA4;

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = KitEngine.newManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    @Test
    void infernoEndsAndMiddleAreAnchors() {
        assertEquals(INFERNO_ZERO, Heatmaps.inferno(0));
        assertEquals(INFERNO_HALF, Heatmaps.inferno(0.5));
        assertEquals(INFERNO_ONE, Heatmaps.inferno(1));
    }

    @Test
    void infernoInterpolatesAndClips() {
        // Halfway between anchor 0 (0.001462, 0.000466, 0.013866) and anchor 1 (0.129285,
        // 0.047293, 0.290788): 255 * (0.065374, 0.023880, 0.152327) = (16.67, 6.09, 38.84).
        assertEquals((17 << 16) | (6 << 8) | 39, Heatmaps.inferno(1.0 / 16));
        assertEquals(INFERNO_ZERO, Heatmaps.inferno(-3));
        assertEquals(INFERNO_ONE, Heatmaps.inferno(7));
        IllegalArgumentException nan =
                assertThrows(IllegalArgumentException.class, () -> Heatmaps.inferno(Double.NaN));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    @Test
    void upsampleDoublesTwoByTwo() {
        // Source positions of the 4 outputs per axis: -0.25, 0.25, 0.75, 1.25, clamped to
        // 0, 0.25, 0.75, 1; so [a, b] becomes [a, (3a + b) / 4, (a + 3b) / 4, b].
        float[][] resized = Heatmaps.upsample(new float[][] {{0, 4}, {8, 12}}, 4, 4);

        assertArrayEquals(new float[] {0, 1, 3, 4}, resized[0], 1e-6f);
        assertArrayEquals(new float[] {2, 3, 5, 6}, resized[1], 1e-6f);
        assertArrayEquals(new float[] {6, 7, 9, 10}, resized[2], 1e-6f);
        assertArrayEquals(new float[] {8, 9, 11, 12}, resized[3], 1e-6f);
    }

    @Test
    void upsampleToSameSizeKeepsMap() {
        float[][] map = {{1, -2, 3}, {4, 5, -6}};
        float[][] resized = Heatmaps.upsample(map, 2, 3);

        assertArrayEquals(map[0], resized[0], 0f);
        assertArrayEquals(map[1], resized[1], 0f);
    }

    @Test
    void upsampleMatchesTorchInterpolate() throws IOException, InterruptedException {
        // map[r][c] = (5 r + c)^1.5, 3 x 5, resized to 7 x 11 and down to 2 x 3.
        float[][] map = new float[3][5];
        for (int row = 0; row < 3; row++) {
            for (int column = 0; column < 5; column++) {
                map[row][column] = (float) Math.pow(5 * row + column, 1.5);
            }
        }
        String script =
                String.join(
                        "\n",
                        "import torch",
                        "import torch.nn.functional as F",
                        "m = (torch.arange(15, dtype=torch.float64) ** 1.5).reshape(1, 1, 3, 5)",
                        "for size in [(7, 11), (2, 3)]:",
                        "    out = F.interpolate(m, size=size, mode='bilinear',"
                                + " align_corners=False)",
                        "    print(' '.join(repr(v) for v in out.flatten().tolist()))");
        String[] lines = runTorch(script).split("\n");

        int[][] sizes = {{7, 11}, {2, 3}};
        for (int i = 0; i < sizes.length; i++) {
            float[][] resized = Heatmaps.upsample(map, sizes[i][0], sizes[i][1]);
            String[] expected = lines[i].trim().split("\\s+");
            assertEquals(sizes[i][0] * sizes[i][1], expected.length, "values for size " + i);
            for (int index = 0; index < expected.length; index++) {
                float actual = resized[index / sizes[i][1]][index % sizes[i][1]];
                assertEquals(Double.parseDouble(expected[index]), actual, 1e-4,
                        "size " + sizes[i][0] + "x" + sizes[i][1] + " value " + index);
            }
        }
    }

    @Test
    void blendMixesOnePixel() {
        // Image (200, 100, 0), colour (252, 255, 164), opacity 0.25:
        // (150 + 63, 75 + 63.75, 0 + 41) = (213, 138.75, 41), rounded (213, 139, 41).
        assertEquals(0xD58B29, Heatmaps.blend(0xC86400, INFERNO_ONE, 0.25));
        assertEquals(0xC86400, Heatmaps.blend(0xC86400, INFERNO_ONE, 0));
        assertEquals(INFERNO_ONE, Heatmaps.blend(0xFFC86400, INFERNO_ONE, 1));
    }

    @Test
    void overlayScalesRangeBeforeColouring() {
        BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        pixel.setRGB(0, 0, 0xC86400);

        // 5 in [1, 5] is 1: the blend above.
        BufferedImage top = Heatmaps.overlay(pixel, new float[][] {{5}}, 1, 5, 0.25);
        assertEquals(0xD58B29, rgb(top, 0, 0));
        // 3 in [1, 5] is 0.5, colour (188, 55, 84): (150 + 47, 75 + 13.75, 0 + 21).
        BufferedImage middle = Heatmaps.overlay(pixel, new float[][] {{3}}, 1, 5, 0.25);
        assertEquals((197 << 16) | (89 << 8) | 21, rgb(middle, 0, 0));
        // An empty range draws the colour of 0: (150 + 0, 75 + 0, 0 + 1).
        BufferedImage flat = Heatmaps.overlay(pixel, new float[][] {{3}}, 3, 3, 0.25);
        assertEquals((150 << 16) | (75 << 8) | 1, rgb(flat, 0, 0));
        assertEquals(0xC86400, rgb(pixel, 0, 0), "the input image is unchanged");
    }

    /**
     * Computes the maps of one image for the grid tests, drawn over a grey image (all 0, level
     * 128). They are the maps of {@code ClassActivationMapsTest}: CAM = [[2, 3], [7, 6]],
     * CAM_UFS = [[1, 1.75], [3.25, 3.5]] and CAM_SUP = [[1, 1.25], [3.75, 2.5]], so the shared
     * range is [1, 7].
     */
    private static ClassActivationMaps fixtureMaps() {
        return ClassActivationMaps.compute(
                manager.create(new float[] {1, 2, 3, 4, 0, 1, -1, 2}, new Shape(1, 2, 2, 2)),
                manager.create(new float[] {2, -1}),
                manager.create(new float[] {0.5f, 0.25f}, new Shape(1, 2)));
    }

    @Test
    void gridSharesRangeAcrossThreeMaps() {
        NDArray images = manager.zeros(new Shape(1, 1, 2, 2));
        BufferedImage grid = Heatmaps.grid(images, fixtureMaps(), 1, 0.5);

        // Four 2 x 2 tiles with 2-pixel borders: 4 * 4 + 2 wide, 4 + 2 high.
        assertEquals(18, grid.getWidth());
        assertEquals(6, grid.getHeight());
        int border = ImageGrid.BORDER;
        assertEquals(0x808080, rgb(grid, border, border), "image tile");
        // CAM (row 1, column 0) = 7 is the top of the range: (128 + 252, 128 + 255, 128 + 164)
        // / 2 = (190, 191.5, 146), rounded (190, 192, 146).
        assertEquals(0xBEC092, rgb(grid, 6, border + 1), "CAM maximum");
        // CAM_SUP (0, 0) = 1 is the bottom: (128 + 0, 128 + 0, 128 + 4) / 2.
        assertEquals(0x404042, rgb(grid, 14, border), "CAM_SUP minimum");
        // CAM_UFS (1, 1) = 3.5 is (3.5 - 1) / 6 = 0.4167 of the shared range, not the top of
        // its own: inferno two thirds anchor 3 and one third anchor 4 gives (154, 41, 99),
        // blended (141, 84.5, 113.5), rounded (141, 85, 114).
        assertEquals(0x8D5572, rgb(grid, 10 + 1, border + 1), "CAM_UFS maximum");
    }

    @Test
    void gridScalesTilesAndStacksRows() {
        NDArray images = manager.zeros(new Shape(2, 3, 2, 2));
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        manager.ones(new Shape(2, 1, 2, 2)),
                        manager.create(new float[] {1}),
                        manager.ones(new Shape(2, 1)));
        BufferedImage grid = Heatmaps.grid(images, maps, 3, Heatmaps.DEFAULT_OPACITY);

        // Tiles of 6 x 6: 4 * (6 + 2) + 2 wide, 2 * (6 + 2) + 2 high.
        assertEquals(34, grid.getWidth());
        assertEquals(18, grid.getHeight());
    }

    @Test
    void savePngWritesReadableGrid(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("maps").resolve("cam.png");
        NDArray images = manager.zeros(new Shape(1, 1, 2, 2));
        BufferedImage returned = Heatmaps.savePng(images, fixtureMaps(), 1, 0.5, file);
        BufferedImage read = ImageIO.read(file.toFile());

        assertEquals(18, read.getWidth());
        assertEquals(6, read.getHeight());
        assertEquals(returned.getWidth(), read.getWidth());
        for (int y = 0; y < read.getHeight(); y++) {
            for (int x = 0; x < read.getWidth(); x++) {
                assertEquals(rgb(returned, x, y), rgb(read, x, y), "pixel " + x + ", " + y);
            }
        }
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
    }

    @Test
    void gridRejectsBadArguments() {
        ClassActivationMaps maps = fixtureMaps();
        NDArray oneGrey = manager.zeros(new Shape(1, 1, 2, 2));

        IllegalArgumentException count =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.grid(manager.zeros(new Shape(2, 1, 2, 2)), maps, 1, 0.5));
        assertTrue(count.getMessage().contains("2 images"), count.getMessage());
        assertTrue(count.getMessage().contains("have 1"), count.getMessage());

        IllegalArgumentException channels =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.grid(manager.zeros(new Shape(1, 2, 2, 2)), maps, 1, 0.5));
        assertTrue(channels.getMessage().contains("2 channels"), channels.getMessage());

        IllegalArgumentException layout =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.grid(manager.zeros(new Shape(2, 2)), maps, 1, 0.5));
        assertTrue(layout.getMessage().contains("(2, 2)"), layout.getMessage());

        IllegalArgumentException scale =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.grid(oneGrey, maps, 0, 0.5));
        assertTrue(scale.getMessage().contains("scale is 0"), scale.getMessage());

        IllegalArgumentException opacity =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.grid(oneGrey, maps, 1, 1.5));
        assertTrue(opacity.getMessage().contains("opacity is 1.5"), opacity.getMessage());
    }

    @Test
    void mapHelpersRejectBadArguments() {
        BufferedImage pixel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

        IllegalArgumentException ragged =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.upsample(new float[][] {{1, 2}, {3}}, 4, 4));
        assertTrue(ragged.getMessage().contains("row 1"), ragged.getMessage());

        IllegalArgumentException empty =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.upsample(new float[0][], 4, 4));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        IllegalArgumentException size =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.upsample(new float[][] {{1}}, 0, 4));
        assertTrue(size.getMessage().contains("0x4"), size.getMessage());

        IllegalArgumentException range =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.overlay(pixel, new float[][] {{1}}, 2, 1, 0.5));
        assertTrue(range.getMessage().contains("[2.0, 1.0]"), range.getMessage());

        IllegalArgumentException nan =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.overlay(pixel, new float[][] {{Float.NaN}}, 0, 1, 0.5));
        assertTrue(nan.getMessage().contains("NaN"), nan.getMessage());
    }

    /** Runs a script with Debian's Python and torch; skips the test when either is missing. */
    private static String runTorch(String script) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "Skipped: /usr/bin/python3 (Debian) is missing");
        Process check =
                new ProcessBuilder(PYTHON.toString(), "-c", "import torch")
                        .redirectErrorStream(true)
                        .start();
        check.getInputStream().readAllBytes();
        assumeTrue(check.waitFor() == 0, "Skipped: install python3-torch for the oracle");

        Process process =
                new ProcessBuilder(PYTHON.toString(), "-c", script)
                        .redirectErrorStream(true)
                        .start();
        String output =
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the Python oracle timed out");
        assertEquals(0, process.exitValue(), "the Python oracle failed: " + output);
        return output.strip();
    }
    @Test
    void titledGridKeepsTheGridAndAddsMargins() {
        BufferedImage grid =
                new BufferedImage(4 * 34 + 2, 2 * 34 + 2, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < grid.getHeight(); y++) {
            for (int x = 0; x < grid.getWidth(); x++) {
                grid.setRGB(x, y, 0x336699);
            }
        }
        BufferedImage titled = Heatmaps.titled(grid, List.of("T-shirt", "Bag"));
        int left = titled.getWidth() - grid.getWidth();
        int top = titled.getHeight() - grid.getHeight();
        assertTrue(left > 0, "no left margin: " + left);
        assertTrue(top > 0, "no top margin: " + top);
        assertEquals(0x336699, titled.getRGB(left, top) & 0xFFFFFF);
        int lastX = titled.getWidth() - 1;
        int lastY = titled.getHeight() - 1;
        assertEquals(0x336699, titled.getRGB(lastX, lastY) & 0xFFFFFF);
        assertEquals(0xFFFFFF, titled.getRGB(0, 0) & 0xFFFFFF);
        int dark = 0;
        for (int y = 0; y < top; y++) {
            for (int x = left; x < titled.getWidth(); x++) {
                dark += (titled.getRGB(x, y) & 0xFF) < 128 ? 1 : 0;
            }
        }
        assertTrue(dark > 20, "the column titles drew " + dark + " dark pixels");
    }

    @Test
    void titledGridNeedsOneTitlePerRow() {
        BufferedImage grid =
                new BufferedImage(4 * 34 + 2, 2 * 34 + 2, BufferedImage.TYPE_INT_RGB);
        assertThrows(IllegalArgumentException.class, () -> Heatmaps.titled(grid, List.of()));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Heatmaps.titled(grid, List.of("one", "two", "three")));
        assertTrue(error.getMessage().contains("2 rows"), error.getMessage());
    }
}
