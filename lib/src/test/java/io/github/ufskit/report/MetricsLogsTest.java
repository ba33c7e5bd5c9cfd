package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class MetricsLogsTest {

    @TempDir Path directory;

    private Path write(String... lines) throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    private MetricsLogFormatException readInvalid(String... lines) throws IOException {
        Path file = write(lines);
        return assertThrows(MetricsLogFormatException.class, () -> MetricsLogs.read(file));
    }

    @Test
    void readOrdersColumnsStepEpochThenFirstSeen() throws IOException {
        Path file =
                write(
                        "{\"loss/critic\": -2.5, \"epoch\": 0, \"step\": 100}",
                        "{\"step\": 200, \"epoch\": 0, \"loss/critic\": -1.75,"
                                + " \"fid/ema\": 42.5}");

        Table table = MetricsLogs.read(file);

        assertEquals(List.of("step", "epoch", "loss/critic", "fid/ema"), table.columnNames());
        assertEquals("metrics.jsonl", table.name());
        assertEquals(2, table.rowCount());
    }

    @Test
    void absentKeyReadsAsMissing() throws IOException {
        Path file =
                write(
                        "{\"step\": 1, \"epoch\": 0, \"loss/generator\": 0.5}",
                        "{\"step\": 2, \"epoch\": 0, \"loss/generator\": 0.25, \"fid/ema\": 30}",
                        "",
                        "{\"step\": 3, \"epoch\": 1, \"loss/generator\": 0.125}");

        Table table = MetricsLogs.read(file);
        DoubleColumn fid = table.doubleColumn("fid/ema");

        assertEquals(3, table.rowCount());
        assertArrayEquals(new double[] {1, 2, 3}, table.doubleColumn("step").asDoubleArray());
        assertArrayEquals(new double[] {0, 0, 1}, table.doubleColumn("epoch").asDoubleArray());
        assertArrayEquals(
                new double[] {0.5, 0.25, 0.125},
                table.doubleColumn("loss/generator").asDoubleArray());
        assertTrue(fid.isMissing(0));
        assertEquals(30.0, fid.getDouble(1));
        assertTrue(fid.isMissing(2));
    }

    @Test
    void nullReadsAsMissing() throws IOException {
        Table table = MetricsLogs.read(write("{\"step\": 1, \"loss/critic\": null}"));

        assertTrue(table.doubleColumn("loss/critic").isMissing(0));
        assertFalse(table.containsColumn("epoch"));
    }

    @Test
    void exponentNumbersAreRead() throws IOException {
        Table table = MetricsLogs.read(write("{\"step\": 1e3, \"penalty/gradient\": -1.5E-4}"));

        assertEquals(1000.0, table.doubleColumn("step").getDouble(0));
        assertEquals(-1.5e-4, table.doubleColumn("penalty/gradient").getDouble(0));
    }

    @Test
    void malformedLineNamesFileAndLine() throws IOException {
        MetricsLogFormatException error =
                readInvalid(
                        "{\"step\": 1, \"loss/critic\": 1}",
                        "{\"step\": 2, \"loss/critic\": 2}",
                        "{\"step\": 3, \"loss/critic\": }");

        assertEquals(3, error.lineNumber());
        assertEquals(directory.resolve("metrics.jsonl"), error.file());
        assertTrue(
                error.getMessage().startsWith(directory.resolve("metrics.jsonl") + ":3: "),
                error.getMessage());
        assertTrue(error.getMessage().contains("invalid JSON"), error.getMessage());
    }

    @Test
    void truncatedLastLineIsRejected() throws IOException {
        MetricsLogFormatException error =
                readInvalid("{\"step\": 1}", "{\"step\": 2, \"loss/cri");

        assertEquals(2, error.lineNumber());
    }

    @Test
    void missingStepIsRejected() throws IOException {
        MetricsLogFormatException error = readInvalid("{\"epoch\": 1, \"loss/critic\": 1}");

        assertEquals(1, error.lineNumber());
        assertTrue(error.getMessage().contains("missing numeric 'step'"), error.getMessage());
    }

    @Test
    void textValueIsRejected() throws IOException {
        MetricsLogFormatException error = readInvalid("{\"step\": 1, \"run\": \"ufs\"}");

        assertTrue(
                error.getMessage().contains("value of 'run' is STRING"), error.getMessage());
    }

    @Test
    void repeatedKeyIsRejected() throws IOException {
        MetricsLogFormatException error = readInvalid("{\"step\": 1, \"step\": 2}");

        assertTrue(error.getMessage().contains("'step' appears twice"), error.getMessage());
    }

    @Test
    void arrayLineIsRejected() throws IOException {
        MetricsLogFormatException error = readInvalid("[1, 2]");

        assertTrue(error.getMessage().contains("expected a JSON object"), error.getMessage());
    }

    @Test
    void trailingTextIsRejected() throws IOException {
        readInvalid("{\"step\": 1} {\"step\": 2}");
    }

    @Test
    void nanLiteralIsRejected() throws IOException {
        readInvalid("{\"step\": 1, \"loss/critic\": NaN}");
    }

    @Test
    void unquotedKeyIsRejected() throws IOException {
        readInvalid("{step: 1}");
    }

    @Test
    void missingFileIsRejected() {
        Path file = directory.resolve("absent.jsonl");

        NoSuchFileException error =
                assertThrows(NoSuchFileException.class, () -> MetricsLogs.read(file));
        assertTrue(error.getMessage().contains("absent.jsonl"), error.getMessage());
    }

    @Test
    void emptyLogHasOnlyStepColumn() throws IOException {
        Table table = MetricsLogs.read(write());

        assertEquals(List.of("step"), table.columnNames());
        assertEquals(0, table.rowCount());
    }
}
