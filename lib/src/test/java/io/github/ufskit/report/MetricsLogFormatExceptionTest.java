package io.github.ufskit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.EOFException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MetricsLogFormatExceptionTest {

    @Test
    void messageStartsWithFileAndLine() {
        Path file = Path.of("runs", "ufs", "metrics.jsonl");
        EOFException cause = new EOFException("End of input");

        MetricsLogFormatException error =
                new MetricsLogFormatException(file, 7, "invalid JSON", cause);

        assertEquals(file + ":7: invalid JSON", error.getMessage());
        assertEquals(file, error.file());
        assertEquals(7, error.lineNumber());
        assertSame(cause, error.getCause());
    }
}
