package io.github.ufskit.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * Builds XChart line charts for notebooks and saves them as PNG.
 *
 * <p>Charts render without a display when the JVM runs with {@code java.awt.headless=true}. A
 * notebook shows a chart by displaying {@link #toImage(XYChart)}.
 */
public final class Charts {

    /** Default chart width in pixels. */
    public static final int DEFAULT_WIDTH = 800;

    /** Default chart height in pixels. */
    public static final int DEFAULT_HEIGHT = 500;

    /** Column of a metrics table that {@link #metrics} uses as the x axis. */
    public static final String STEP_COLUMN = "step";

    private static final Logger LOG = LoggerFactory.getLogger(Charts.class);

    private Charts() {}

    /**
     * Builds a line chart with one line per entry of {@code series}.
     *
     * <p>Each value is {@code {x, y}}, two arrays of equal length. Points whose x or y is NaN or
     * infinite are left out, so a metric that was measured only now and then draws as one line
     * through its measured points. Lines keep the map's iteration order in the legend.
     *
     * @param title the chart title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @param series the lines by legend name, each {@code {x, y}}
     * @return the chart, {@value #DEFAULT_WIDTH} by {@value #DEFAULT_HEIGHT} pixels
     * @throws IllegalArgumentException if {@code series} is empty, an entry is not two arrays of
     *     equal length, or no entry has a finite point
     */
    public static XYChart lines(
            String title, String xTitle, String yTitle, Map<String, double[][]> series) {
        Objects.requireNonNull(title, "title is null; pass \"\" for no title");
        Objects.requireNonNull(xTitle, "xTitle is null; pass \"\" for no axis title");
        Objects.requireNonNull(yTitle, "yTitle is null; pass \"\" for no axis title");
        Objects.requireNonNull(series, "series is null; pass a map from legend name to {x, y}");
        if (series.isEmpty()) {
            throw new IllegalArgumentException(
                    "series is empty but a chart needs at least one line; add an entry {x, y}");
        }

        // Data: keep finite points only.
        Map<String, double[][]> finiteSeries = new LinkedHashMap<>();
        for (Map.Entry<String, double[][]> entry : series.entrySet()) {
            double[][] points = finitePoints(entry.getKey(), entry.getValue());
            if (points[0].length == 0) {
                LOG.warn("Series '{}' has no finite point and is left out of '{}'",
                        entry.getKey(), title);
            } else {
                finiteSeries.put(entry.getKey(), points);
            }
        }
        if (finiteSeries.isEmpty()) {
            throw new IllegalArgumentException(
                    "No series of chart '" + title + "' has a finite point; check for a"
                            + " diverged run or a metric that was never measured");
        }

        // Series: one line per entry, without markers.
        XYChart chart =
                new XYChartBuilder()
                        .width(DEFAULT_WIDTH)
                        .height(DEFAULT_HEIGHT)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        for (Map.Entry<String, double[][]> entry : finiteSeries.entrySet()) {
            double[][] points = entry.getValue();
            XYSeries line = chart.addSeries(entry.getKey(), points[0], points[1]);
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
        }

        // Styling: white background, legend outside the plot so it never hides a line.
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setAntiAlias(true);
        return chart;
    }

    /**
     * Plots columns of metrics tables against their {@value #STEP_COLUMN} column, one line per
     * run and column.
     *
     * <p>The tables are those {@link MetricsLogs#read} returns. With one column a line is named
     * after its run, such as {@code "UFS"}. With several columns it is named {@code run:
     * column}, such as {@code "UFS: loss/critic"}. Rows where the column is missing are left
     * out, so sparse metrics such as FID draw through their measured points.
     *
     * @param title the chart title
     * @param runs the metrics tables by run name
     * @param columns the metric columns to plot, such as {@code "loss/generator"}
     * @return the chart with x-axis title {@value #STEP_COLUMN}
     * @throws IllegalArgumentException if {@code runs} or {@code columns} is empty, a column is
     *     repeated, or a table lacks a numeric {@value #STEP_COLUMN} or requested column
     */
    public static XYChart metrics(String title, Map<String, Table> runs, String... columns) {
        Objects.requireNonNull(runs, "runs is null; pass a map from run name to metrics table");
        Objects.requireNonNull(columns, "columns is null; name at least one metric column");
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(
                    "runs is empty; pass at least one metrics table, such as MetricsLogs.read(f)");
        }
        if (columns.length == 0) {
            throw new IllegalArgumentException(
                    "No column requested; name at least one metric, such as \"loss/generator\"");
        }
        Set<String> distinct = new HashSet<>(List.of(columns));
        if (distinct.size() != columns.length) {
            throw new IllegalArgumentException(
                    "columns " + List.of(columns) + " repeat a name; list each column once");
        }

        Map<String, double[][]> series = new LinkedHashMap<>();
        for (Map.Entry<String, Table> run : runs.entrySet()) {
            for (String column : columns) {
                String name = columns.length == 1 ? run.getKey() : run.getKey() + ": " + column;
                series.put(name, stepAndValues(run.getKey(), run.getValue(), column));
            }
        }
        String yTitle = columns.length == 1 ? columns[0] : String.join(", ", columns);
        return lines(title, STEP_COLUMN, yTitle, series);
    }

    /**
     * Renders a chart at its own size.
     *
     * @param chart the chart
     * @return an RGB image of the chart
     */
    public static BufferedImage toImage(XYChart chart) {
        Objects.requireNonNull(chart, "chart is null; build one with Charts.lines or metrics");
        return toImage(chart, chart.getWidth(), chart.getHeight());
    }

    /**
     * Renders a chart at the given size. The chart keeps that size afterwards.
     *
     * @param chart the chart
     * @param width the image width in pixels, at least 1
     * @param height the image height in pixels, at least 1
     * @return an RGB image of the chart
     * @throws IllegalArgumentException if {@code width} or {@code height} is below 1
     */
    public static BufferedImage toImage(XYChart chart, int width, int height) {
        Objects.requireNonNull(chart, "chart is null; build one with Charts.lines or metrics");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "Image size is " + width + "x" + height + " pixels but both must be at"
                            + " least 1; use " + DEFAULT_WIDTH + "x" + DEFAULT_HEIGHT);
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            chart.paint(graphics, width, height);
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /**
     * Renders a chart at its own size and saves it as PNG, replacing {@code file} atomically.
     *
     * @param chart the chart
     * @param file the PNG file to create or replace; missing parent directories are created
     * @return the rendered image
     * @throws IOException if the file cannot be written
     */
    public static BufferedImage savePng(XYChart chart, Path file) throws IOException {
        BufferedImage image = toImage(chart);
        PngFiles.write(image, file);
        return image;
    }

    /**
     * Saves an image as PNG, replacing {@code file} atomically: the PNG is written to a
     * temporary file in the same directory and then moved over {@code file}.
     *
     * @param image the image, such as a chart image or an {@link ImageGrid}
     * @param file the PNG file to create or replace; missing parent directories are created
     * @throws IOException if the file cannot be written
     */
    public static void savePng(BufferedImage image, Path file) throws IOException {
        PngFiles.write(image, file);
    }

    private static double[][] finitePoints(String name, double[][] points) {
        if (points == null || points.length != 2 || points[0] == null || points[1] == null) {
            throw new IllegalArgumentException(
                    "Series '" + name + "' must be {x, y}, two arrays; pass new double[][] {x, y}");
        }
        double[] x = points[0];
        double[] y = points[1];
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "Series '" + name + "' has " + x.length + " x values but " + y.length
                            + " y values; pass arrays of equal length");
        }
        List<Integer> finiteIndices = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                finiteIndices.add(i);
            }
        }
        double[] finiteX = new double[finiteIndices.size()];
        double[] finiteY = new double[finiteIndices.size()];
        for (int i = 0; i < finiteIndices.size(); i++) {
            finiteX[i] = x[finiteIndices.get(i)];
            finiteY[i] = y[finiteIndices.get(i)];
        }
        return new double[][] {finiteX, finiteY};
    }

    private static double[][] stepAndValues(String run, Table table, String column) {
        Objects.requireNonNull(table, "Metrics table of run '" + run + "' is null");
        double[] steps = numericColumn(run, table, STEP_COLUMN);
        double[] values = numericColumn(run, table, column);
        return new double[][] {steps, values};
    }

    private static double[] numericColumn(String run, Table table, String column) {
        if (!table.containsColumn(column)) {
            throw new IllegalArgumentException(
                    "Metrics table of run '" + run + "' has no column '" + column
                            + "'; its columns are " + table.columnNames());
        }
        if (!(table.column(column) instanceof NumericColumn<?> numbers)) {
            throw new IllegalArgumentException(
                    "Column '" + column + "' of run '" + run + "' is "
                            + table.column(column).type() + " but must be numeric");
        }
        // Missing values become NaN, which lines() leaves out.
        return numbers.asDoubleArray();
    }
}
