package io.github.ufskit.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import io.github.ufskit.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends one JSON object per line to a run's {@code metrics.jsonl}: the generator {@code step},
 * the data {@code epoch} and metrics with hierarchical names such as {@code loss/critic}.
 *
 * <p>Each line is flushed when written. When a run resumes from a checkpoint, lines past the
 * checkpoint's step are dropped first, so the log never contains the same step twice.
 */
public final class MetricsLogWriter implements AutoCloseable {

    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final Path file;
    private final BufferedWriter writer;

    /**
     * Opens the log for appending after dropping lines with a step above {@code keepUpToStep}.
     *
     * @param file the log file; created if missing
     * @param keepUpToStep last step to keep, -1 to start empty
     * @throws UncheckedIOException when the file cannot be read or opened
     */
    public MetricsLogWriter(Path file, long keepUpToStep) {
        this.file = file;
        try {
            truncate(file, keepUpToStep);
            writer =
                    Files.newBufferedWriter(
                            file,
                            StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the metrics log " + file, e);
        }
    }

    /**
     * Writes one line.
     *
     * @param step the generator step
     * @param epoch the data epoch
     * @param metrics metric names and values; NaN and infinities are written as JSON null,
     *     because strict JSON has no such numbers
     */
    public void write(long step, int epoch, Map<String, Double> metrics) {
        JsonObject line = new JsonObject();
        line.addProperty("step", step);
        line.addProperty("epoch", epoch);
        for (Map.Entry<String, Double> entry : metrics.entrySet()) {
            Double value = entry.getValue();
            if (value == null || !Double.isFinite(value)) {
                line.add(entry.getKey(), JsonNull.INSTANCE);
            } else {
                line.addProperty(entry.getKey(), value);
            }
        }
        try {
            writer.write(GSON.toJson(line));
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics log " + file, e);
        }
    }

    private static void truncate(Path file, long keepUpToStep) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> kept = new ArrayList<>();
        if (keepUpToStep >= 0) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            int last = lines.size();
            while (last > 0 && lines.get(last - 1).isBlank()) {
                last--;
            }
            for (int number = 1; number <= last; number++) {
                String line = lines.get(number - 1);
                if (line.isBlank()) {
                    continue;
                }
                long step;
                try {
                    step = JsonParser.parseString(line).getAsJsonObject().get("step").getAsLong();
                } catch (RuntimeException e) {
                    if (number == last) {
                        // A crash while appending can only cut the last line short; drop it.
                        continue;
                    }
                    throw new IOException(
                            file
                                    + ":"
                                    + number
                                    + ": malformed metrics line; repair or delete that line,"
                                    + " or delete the file to start the log afresh",
                            e);
                }
                if (step <= keepUpToStep) {
                    kept.add(line);
                }
            }
        }
        StringBuilder text = new StringBuilder();
        for (String line : kept) {
            text.append(line).append('\n');
        }
        AtomicFiles.writeString(file, text.toString());
    }

    /** Closes the file. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the metrics log " + file, e);
        }
    }
}
