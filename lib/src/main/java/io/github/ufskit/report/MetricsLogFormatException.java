package io.github.ufskit.report;

import java.io.IOException;
import java.nio.file.Path;

/** Signals a line of a metrics log that is not a valid metrics record. */
public final class MetricsLogFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The log file, kept as text so the exception stays serializable. */
    private final String file;

    /** The 1-based number of the invalid line. */
    private final long lineNumber;

    /**
     * Creates the exception for one line of a log.
     *
     * @param file the metrics log
     * @param lineNumber the 1-based number of the invalid line
     * @param problem what is wrong with the line
     * @param cause the parser error, or null
     */
    public MetricsLogFormatException(Path file, long lineNumber, String problem, Throwable cause) {
        super(file + ":" + lineNumber + ": " + problem, cause);
        this.file = file.toString();
        this.lineNumber = lineNumber;
    }

    /**
     * Returns the log file.
     *
     * @return the path of the metrics log
     */
    public Path file() {
        return Path.of(file);
    }

    /**
     * Returns the number of the invalid line.
     *
     * @return the 1-based line number
     */
    public long lineNumber() {
        return lineNumber;
    }
}
