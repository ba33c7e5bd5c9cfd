package io.github.ufskit.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Renders tablesaw tables as compact HTML for notebooks.
 *
 * <p>The table name becomes the caption. Numbers are right-aligned and rounded to at most
 * {@link #DEFAULT_MAX_DECIMALS} decimals with trailing zeros dropped, so {@code 17.10} shows as
 * {@code 17.1}. Missing values show as {@value #MISSING}. All text is escaped, so a method name
 * such as {@code <b>} shows literally. Styles are inline, because notebook front ends may drop
 * {@code <style>} elements.
 */
public final class Tables {

    /** Text shown for a missing value or NaN. */
    public static final String MISSING = "—";

    /** Maximum number of decimals {@link #html(Table)} shows. */
    public static final int DEFAULT_MAX_DECIMALS = 4;

    /** Maximum number of rows {@link #html(Table)} shows before it elides the middle rows. */
    public static final int DEFAULT_MAX_ROWS = 200;

    /** Magnitude from which numbers switch to scientific notation. */
    private static final double SCIENTIFIC_ABOVE = 1e9;

    /** Magnitude below which non-zero numbers switch to scientific notation. */
    private static final double SCIENTIFIC_BELOW = 1e-3;

    private static final String TABLE_STYLE =
            "border-collapse:collapse;font-size:0.9em;margin:4px 0";
    private static final String CAPTION_STYLE =
            "caption-side:top;text-align:left;font-weight:bold;padding:2px 0 4px 0";
    private static final String CELL_STYLE = "padding:2px 8px;border-bottom:1px solid #ddd;";
    private static final String HEADER_STYLE =
            "padding:2px 8px;border-bottom:2px solid #888;";
    private static final String NUMBER_ALIGN = "text-align:right";
    private static final String TEXT_ALIGN = "text-align:left";

    private Tables() {}

    /**
     * Renders a table as an HTML fragment with the default number of decimals and rows.
     *
     * @param table the table to render
     * @return the HTML {@code <table>} element
     * @throws NullPointerException if {@code table} is null
     */
    public static Html html(Table table) {
        return html(table, DEFAULT_MAX_DECIMALS, DEFAULT_MAX_ROWS);
    }

    /**
     * Renders a table as an HTML fragment.
     *
     * <p>A table with more than {@code maxRows} rows shows its first and last {@code maxRows / 2}
     * rows and one row in between that states how many rows were left out.
     *
     * @param table the table to render
     * @param maxDecimals the maximum number of decimals of a floating-point number, at least 0
     * @param maxRows the maximum number of data rows shown, at least 2
     * @return the HTML {@code <table>} element
     * @throws IllegalArgumentException if {@code maxDecimals} or {@code maxRows} is out of range
     */
    public static Html html(Table table, int maxDecimals, int maxRows) {
        Objects.requireNonNull(table, "table is null; pass a tablesaw Table");
        checkMaxDecimals(maxDecimals);
        if (maxRows < 2) {
            throw new IllegalArgumentException(
                    "maxRows is " + maxRows + " but must be at least 2; use DEFAULT_MAX_ROWS ("
                            + DEFAULT_MAX_ROWS + ") to show head and tail");
        }
        StringBuilder html = new StringBuilder();
        html.append("<table style=\"").append(TABLE_STYLE).append("\">\n");
        appendCaption(html, table);
        appendHeader(html, table);
        appendBody(html, table, maxDecimals, maxRows);
        html.append("</table>");
        return Html.of(html.toString());
    }

    /**
     * Formats a number for display with at most {@value #DEFAULT_MAX_DECIMALS} decimals.
     *
     * @param value the number
     * @return the formatted number, see {@link #formatNumber(double, int)}
     */
    public static String formatNumber(double value) {
        return formatNumber(value, DEFAULT_MAX_DECIMALS);
    }

    /**
     * Formats a number for display.
     *
     * <p>NaN becomes {@value #MISSING} and infinities become {@code ∞} and {@code -∞}. Numbers
     * whose magnitude is at least 10<sup>-3</sup> and below 10<sup>9</sup> are rounded half-even
     * to {@code maxDecimals} decimals in plain notation, with trailing zeros dropped. Other
     * non-zero numbers, and numbers that would round to zero, use scientific notation with three
     * decimals, such as {@code 1.235e-05}.
     *
     * @param value the number
     * @param maxDecimals the maximum number of decimals, at least 0
     * @return the formatted number
     * @throws IllegalArgumentException if {@code maxDecimals} is negative
     */
    public static String formatNumber(double value, int maxDecimals) {
        checkMaxDecimals(maxDecimals);
        if (Double.isNaN(value)) {
            return MISSING;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "∞" : "-∞";
        }
        if (value == 0) {
            return "0";
        }
        double magnitude = Math.abs(value);
        if (magnitude < SCIENTIFIC_ABOVE && magnitude >= SCIENTIFIC_BELOW) {
            BigDecimal rounded =
                    BigDecimal.valueOf(value).setScale(maxDecimals, RoundingMode.HALF_EVEN);
            if (rounded.signum() != 0) {
                return rounded.stripTrailingZeros().toPlainString();
            }
        }
        return String.format(Locale.ROOT, "%.3e", value);
    }

    private static void checkMaxDecimals(int maxDecimals) {
        if (maxDecimals < 0) {
            throw new IllegalArgumentException(
                    "maxDecimals is " + maxDecimals + " but must be at least 0; use "
                            + DEFAULT_MAX_DECIMALS + " for the default");
        }
    }

    private static void appendCaption(StringBuilder html, Table table) {
        String name = table.name();
        if (name != null && !name.isBlank()) {
            html.append("<caption style=\"").append(CAPTION_STYLE).append("\">")
                    .append(Html.escape(name)).append("</caption>\n");
        }
    }

    private static void appendHeader(StringBuilder html, Table table) {
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th style=\"").append(HEADER_STYLE).append(align(column)).append("\">")
                    .append(Html.escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n");
    }

    private static void appendBody(StringBuilder html, Table table, int maxDecimals, int maxRows) {
        int rowCount = table.rowCount();
        int head = rowCount > maxRows ? maxRows / 2 : rowCount;
        int tailStart = rowCount > maxRows ? rowCount - maxRows / 2 : rowCount;
        html.append("<tbody>\n");
        for (int row = 0; row < head; row++) {
            appendRow(html, table, row, maxDecimals);
        }
        if (tailStart > head) {
            html.append("<tr><td colspan=\"").append(table.columnCount()).append("\" style=\"")
                    .append(CELL_STYLE).append("text-align:center\">… ")
                    .append(tailStart - head).append(" rows omitted …</td></tr>\n");
        }
        for (int row = Math.max(head, tailStart); row < rowCount; row++) {
            appendRow(html, table, row, maxDecimals);
        }
        html.append("</tbody>\n");
    }

    private static void appendRow(StringBuilder html, Table table, int row, int maxDecimals) {
        html.append("<tr>");
        for (Column<?> column : table.columns()) {
            html.append("<td style=\"").append(CELL_STYLE).append(align(column)).append("\">")
                    .append(Html.escape(cellText(column, row, maxDecimals))).append("</td>");
        }
        html.append("</tr>\n");
    }

    private static String align(Column<?> column) {
        return isNumeric(column) ? NUMBER_ALIGN : TEXT_ALIGN;
    }

    private static boolean isNumeric(Column<?> column) {
        return column instanceof NumericColumn<?>;
    }

    private static String cellText(Column<?> column, int row, int maxDecimals) {
        if (column.isMissing(row)) {
            return MISSING;
        }
        if (column instanceof DoubleColumn doubles) {
            return formatNumber(doubles.getDouble(row), maxDecimals);
        }
        if (column instanceof FloatColumn floats) {
            // Widening 0.1f to double gives 0.10000000149, but Float.toString gives "0.1".
            String shortest = Float.toString(floats.getFloat(row));
            return formatNumber(Double.parseDouble(shortest), maxDecimals);
        }
        if (column instanceof NumericColumn<?>) {
            // Integer, long and short columns print every digit.
            return String.valueOf(column.get(row));
        }
        return column.getString(row);
    }
}
