package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ChartsTest {

    private static XYChart twoLines() {
        Map<String, double[][]> series = new LinkedHashMap<>();
        series.put("top-k", new double[][] {{0, 10, 20}, {30, 20, 16.1}});
        series.put("bottom-k", new double[][] {{0, 10, 20}, {31, Double.NaN, 15.6}});
        return Charts.lines("Best FID", "epoch", "FID", series);
    }

    private static Table run(double[] steps, double[] critic, double[] fid) {
        return Table.create(
                "run",
                DoubleColumn.create("step", steps),
                DoubleColumn.create("loss/critic", critic),
                DoubleColumn.create("fid/ema", fid));
    }

    @Test
    void linesKeepOrderAndTitles() {
        XYChart chart = twoLines();

        assertEquals(List.of("top-k", "bottom-k"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("Best FID", chart.getTitle());
        assertEquals("epoch", chart.getXAxisTitle());
        assertEquals("FID", chart.getYAxisTitle());
        assertEquals(XYSeries.XYSeriesRenderStyle.Line,
                chart.getSeriesMap().get("top-k").getXYSeriesRenderStyle());
    }

    @Test
    void linesDropNanPoints() {
        XYSeries bottom = twoLines().getSeriesMap().get("bottom-k");

        assertArrayEquals(new double[] {0, 20}, bottom.getXData());
        assertArrayEquals(new double[] {31, 15.6}, bottom.getYData());
    }

    @Test
    void unequalLengthsAreRejected() {
        Map<String, double[][]> series = Map.of("a", new double[][] {{1, 2, 3}, {1, 2}});

        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Charts.lines("t", "x", "y", series));
        assertTrue(error.getMessage().contains("3 x values but 2 y values"), error.getMessage());
    }

    @Test
    void allNanSeriesAreRejected() {
        Map<String, double[][]> series =
                Map.of("a", new double[][] {{1}, {Double.NaN}});

        assertThrows(IllegalArgumentException.class, () -> Charts.lines("t", "x", "y", series));
    }

    @Test
    void toImageHasRequestedSize() {
        BufferedImage image = Charts.toImage(twoLines(), 640, 360);

        assertEquals(640, image.getWidth());
        assertEquals(360, image.getHeight());
        assertEquals(0xFFFFFF, image.getRGB(0, 0) & 0xFFFFFF);
    }

    @Test
    void toImageRejectsZeroWidth() {
        assertThrows(IllegalArgumentException.class, () -> Charts.toImage(twoLines(), 0, 10));
    }

    @Test
    void savePngWritesChartAtomically(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("fid.png");
        Files.writeString(file, "old content");

        Charts.savePng(twoLines(), file);
        BufferedImage read = ImageIO.read(file.toFile());

        assertEquals(Charts.DEFAULT_WIDTH, read.getWidth());
        assertEquals(Charts.DEFAULT_HEIGHT, read.getHeight());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void savePngWritesImage(@TempDir Path directory) throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0x123456);
        Path file = directory.resolve("image.png");

        Charts.savePng(image, file);
        BufferedImage read = ImageIO.read(file.toFile());

        assertEquals(3, read.getWidth());
        assertEquals(2, read.getHeight());
        assertEquals(0x123456, read.getRGB(1, 1) & 0xFFFFFF);
    }

    @Test
    void metricsNameOneSeriesPerRun() {
        Map<String, Table> runs = new LinkedHashMap<>();
        runs.put("WGAN-GP", run(new double[] {1, 2, 3}, new double[] {-1, -2, -3},
                new double[] {Double.NaN, 50, Double.NaN}));
        runs.put("UFS", run(new double[] {1, 2}, new double[] {-4, -5},
                new double[] {60, Double.NaN}));

        XYChart chart = Charts.metrics("Critic loss", runs, "loss/critic");

        assertEquals(List.of("WGAN-GP", "UFS"), List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("step", chart.getXAxisTitle());
        assertEquals("loss/critic", chart.getYAxisTitle());
        assertArrayEquals(new double[] {-4, -5}, chart.getSeriesMap().get("UFS").getYData());
    }

    @Test
    void metricsDropMissingSparseValues() {
        Map<String, Table> runs = new LinkedHashMap<>();
        runs.put("A", run(new double[] {1, 2, 3}, new double[] {-1, -2, -3},
                new double[] {Double.NaN, 50, Double.NaN}));

        XYChart chart = Charts.metrics("Losses and FID", runs, "loss/critic", "fid/ema");

        assertEquals(List.of("A: loss/critic", "A: fid/ema"),
                List.copyOf(chart.getSeriesMap().keySet()));
        assertEquals("loss/critic, fid/ema", chart.getYAxisTitle());
        assertArrayEquals(new double[] {2}, chart.getSeriesMap().get("A: fid/ema").getXData());
        assertArrayEquals(new double[] {50}, chart.getSeriesMap().get("A: fid/ema").getYData());
    }

    @Test
    void metricsRejectUnknownColumn() {
        Map<String, Table> runs =
                Map.of("A", run(new double[] {1}, new double[] {1}, new double[] {1}));

        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> Charts.metrics("t", runs, "loss/generator"));
        assertTrue(error.getMessage().contains("no column 'loss/generator'"), error.getMessage());
        assertTrue(error.getMessage().contains("loss/critic"), error.getMessage());
    }

    @Test
    void metricsRejectTextColumn() {
        Table table =
                Table.create(
                        "run", DoubleColumn.create("step", 1.0), StringColumn.create("note", "x"));

        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.metrics("t", Map.of("A", table), "note"));
    }

    @Test
    void metricsRejectRepeatedColumn() {
        Map<String, Table> runs =
                Map.of("A", run(new double[] {1}, new double[] {1}, new double[] {1}));

        assertThrows(
                IllegalArgumentException.class,
                () -> Charts.metrics("t", runs, "loss/critic", "loss/critic"));
    }
}
