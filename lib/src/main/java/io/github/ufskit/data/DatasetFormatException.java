package io.github.ufskit.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Signals a data set file that exists but cannot be read as the expected format: a wrong magic
 * number, a truncated file, inconsistent counts or an out-of-range label.
 *
 * <p>The message names the file, what was expected, what was found and how to fix it.
 */
public final class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates an exception for a malformed file.
     *
     * @param file the file that failed to parse
     * @param problem what is wrong, with the expected and the actual value
     * @param fix what the user should do, such as reinstalling or re-downloading the data
     */
    public DatasetFormatException(Path file, String problem, String fix) {
        super(file + ": " + problem + ". " + fix);
        this.file = file;
    }

    /**
     * Creates an exception for a malformed file with the low-level error that revealed it.
     *
     * @param file the file that failed to parse
     * @param problem what is wrong, with the expected and the actual value
     * @param fix what the user should do, such as reinstalling or re-downloading the data
     * @param cause the error raised while reading, such as a gzip error
     */
    public DatasetFormatException(Path file, String problem, String fix, Throwable cause) {
        super(file + ": " + problem + ". " + fix, cause);
        this.file = file;
    }

    /**
     * Returns the file that failed to parse.
     *
     * @return the malformed file
     */
    public Path file() {
        return file;
    }
}
