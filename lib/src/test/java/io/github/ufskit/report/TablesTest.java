package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesTest {

    private static final String TD_TEXT =
            "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:left\">";
    private static final String TD_NUMBER =
            "<td style=\"padding:2px 8px;border-bottom:1px solid #ddd;text-align:right\">";
    private static final String TH_TEXT =
            "<th style=\"padding:2px 8px;border-bottom:2px solid #888;text-align:left\">";
    private static final String TH_NUMBER =
            "<th style=\"padding:2px 8px;border-bottom:2px solid #888;text-align:right\">";

    @Test
    void htmlOfSmallTableIsExact() {
        Table table =
                Table.create(
                        "Scores <&>",
                        StringColumn.create("Method", "A & B", "<i>"),
                        DoubleColumn.create("FID", 17.10, Double.NaN),
                        IntColumn.create("Steps", new int[] {3, 4}));
        table.intColumn("Steps").setMissing(1);

        String expected =
                "<table style=\"border-collapse:collapse;font-size:0.9em;margin:4px 0\">\n"
                        + "<caption style=\"caption-side:top;text-align:left;font-weight:bold;"
                        + "padding:2px 0 4px 0\">Scores &lt;&amp;&gt;</caption>\n"
                        + "<thead><tr>" + TH_TEXT + "Method</th>" + TH_NUMBER + "FID</th>"
                        + TH_NUMBER + "Steps</th></tr></thead>\n"
                        + "<tbody>\n"
                        + "<tr>" + TD_TEXT + "A &amp; B</td>" + TD_NUMBER + "17.1</td>"
                        + TD_NUMBER + "3</td></tr>\n"
                        + "<tr>" + TD_TEXT + "&lt;i&gt;</td>" + TD_NUMBER + "—</td>"
                        + TD_NUMBER + "—</td></tr>\n"
                        + "</tbody>\n"
                        + "</table>";
        assertEquals(expected, Tables.html(table).toString());
    }

    @Test
    void emptyStringShowsAsMissing() {
        Table table = Table.create("t", StringColumn.create("Method", ""));

        assertTrue(Tables.html(table).toString().contains(TD_TEXT + "—</td>"));
    }

    @Test
    void unnamedTableHasNoCaption() {
        Table table = Table.create(DoubleColumn.create("x", 1.0));

        assertFalse(Tables.html(table).toString().contains("<caption"));
    }

    @Test
    void floatColumnUsesShortestDecimal() {
        Table table = Table.create("t", FloatColumn.create("x", new float[] {0.1f}));

        assertTrue(Tables.html(table).toString().contains(TD_NUMBER + "0.1</td>"));
    }

    @Test
    void longTableElidesMiddleRows() {
        double[] values = new double[10];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        Table table = Table.create("t", DoubleColumn.create("x", values));

        String html = Tables.html(table, 4, 4).toString();

        assertTrue(html.contains(TD_NUMBER + "1</td>"));
        assertFalse(html.contains(TD_NUMBER + "2</td>"));
        assertTrue(html.contains("… 6 rows omitted …"));
        assertFalse(html.contains(TD_NUMBER + "7</td>"));
        assertTrue(html.contains(TD_NUMBER + "8</td>"));
        assertTrue(html.contains(TD_NUMBER + "9</td>"));
    }

    @Test
    void formatNumberRoundsAndDropsZeros() {
        assertEquals("17.1", Tables.formatNumber(17.10));
        assertEquals("108.4", Tables.formatNumber(108.40));
        assertEquals("0.8547", Tables.formatNumber(0.8547));
        assertEquals("1.4594", Tables.formatNumber(1.4594));
        assertEquals("0.1235", Tables.formatNumber(0.123456));
        assertEquals("-2.5", Tables.formatNumber(-2.5));
        assertEquals("128000", Tables.formatNumber(128000));
        assertEquals("0", Tables.formatNumber(0.0));
        assertEquals("0", Tables.formatNumber(-0.0));
    }

    @Test
    void formatNumberRoundsHalfEven() {
        assertEquals("0.12", Tables.formatNumber(0.125, 2));
        assertEquals("0.38", Tables.formatNumber(0.375, 2));
    }

    @Test
    void formatNumberUsesScientificAtExtremes() {
        assertEquals("1.000e-04", Tables.formatNumber(1e-4));
        assertEquals("-1.235e-05", Tables.formatNumber(-1.2345e-5));
        assertEquals("2.500e+09", Tables.formatNumber(2.5e9));
        assertEquals("4.000e-03", Tables.formatNumber(0.004, 2));
    }

    @Test
    void formatNumberShowsNanAndInfinity() {
        assertEquals("—", Tables.formatNumber(Double.NaN));
        assertEquals("∞", Tables.formatNumber(Double.POSITIVE_INFINITY));
        assertEquals("-∞", Tables.formatNumber(Double.NEGATIVE_INFINITY));
    }

    @Test
    void negativeDecimalsAreRejected() {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> Tables.formatNumber(1, -1));
        assertTrue(error.getMessage().contains("-1"));
    }

    @Test
    void tooFewRowsAreRejected() {
        Table table = Table.create("t", DoubleColumn.create("x", 1.0));

        assertThrows(IllegalArgumentException.class, () -> Tables.html(table, 4, 1));
    }
}
