package io.github.ufskit.report;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Reads the JSON-lines metrics logs that training writes.
 *
 * <p>Each non-blank line is one JSON object whose values are numbers, such as {@code {"step":
 * 500, "epoch": 1, "loss/critic": -2.5, "loss/generator": 1.25}}. Keys name metrics
 * hierarchically ({@code loss/critic}, {@code penalty/gradient}, {@code fid/ema}). Every line
 * must contain {@value #STEP}. Any other key may be absent from a line, because metrics such as
 * FID are measured only now and then. An absent key and a JSON {@code null} both read as a
 * missing value. JSON has no NaN, so a writer records a diverged loss as {@code null}.
 */
public final class MetricsLogs {

    /** Key of the training step, which every line must contain. */
    public static final String STEP = "step";

    /** Key of the epoch, placed second among the columns when present. */
    public static final String EPOCH = "epoch";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsLogs.class);

    private MetricsLogs() {}

    /**
     * Reads a metrics log into a table with one double column per key.
     *
     * <p>The columns are {@value #STEP}, then {@value #EPOCH} if any line has it, then the other
     * keys in the order they first appear. Rows keep the order of the lines, so a resumed run
     * may repeat steps. Missing values are NaN, which tablesaw treats as missing. The table is
     * named after the file name.
     *
     * @param file the JSON-lines log, UTF-8
     * @return the metrics, one row per non-blank line
     * @throws NoSuchFileException if {@code file} does not exist
     * @throws MetricsLogFormatException if a line is not a JSON object of numbers with a
     *     {@value #STEP}, or repeats a key; the message names the file and line
     * @throws IOException if the file cannot be read
     */
    public static Table read(Path file) throws IOException {
        Objects.requireNonNull(file, "file is null; pass the path of a metrics log");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(
                    file.toString(), null,
                    "metrics log not found; check the run directory and that training has"
                            + " started");
        }

        List<Map<String, Double>> records = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>(List.of(STEP));
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long lineNumber = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                Map<String, Double> record = parseLine(file, lineNumber, line);
                records.add(record);
                keys.addAll(record.keySet());
            }
        }
        LOG.debug("Read {} records with keys {} from {}", records.size(), keys, file);
        return toTable(file, records, keys);
    }

    private static Map<String, Double> parseLine(Path file, long lineNumber, String line)
            throws MetricsLogFormatException {
        Map<String, Double> record = new LinkedHashMap<>();
        try (JsonReader json = new JsonReader(new StringReader(line))) {
            json.setStrictness(Strictness.STRICT);
            if (json.peek() != JsonToken.BEGIN_OBJECT) {
                throw new MetricsLogFormatException(
                        file, lineNumber, "expected a JSON object but found " + json.peek(), null);
            }
            json.beginObject();
            while (json.hasNext()) {
                String key = json.nextName();
                double value = readValue(json, file, lineNumber, key);
                if (record.put(key, value) != null) {
                    throw new MetricsLogFormatException(
                            file, lineNumber, "key '" + key + "' appears twice", null);
                }
            }
            json.endObject();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new MetricsLogFormatException(
                        file, lineNumber, "text follows the JSON object; write one per line",
                        null);
            }
        } catch (MetricsLogFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            // Gson reports a truncated line as EOFException and bad syntax as
            // MalformedJsonException, both IOExceptions, with the column in the message.
            throw new MetricsLogFormatException(
                    file, lineNumber, "invalid JSON (" + e.getMessage() + ")", e);
        }
        Double step = record.get(STEP);
        if (step == null || Double.isNaN(step)) {
            throw new MetricsLogFormatException(
                    file, lineNumber, "missing numeric '" + STEP + "'; every line needs one",
                    null);
        }
        return record;
    }

    private static double readValue(JsonReader json, Path file, long lineNumber, String key)
            throws IOException {
        JsonToken token = json.peek();
        if (token == JsonToken.NUMBER) {
            return json.nextDouble();
        }
        if (token == JsonToken.NULL) {
            json.nextNull();
            return Double.NaN;
        }
        throw new MetricsLogFormatException(
                file, lineNumber,
                "value of '" + key + "' is " + token + " but must be a number or null", null);
    }

    private static Table toTable(Path file, List<Map<String, Double>> records, Set<String> keys) {
        List<String> order = new ArrayList<>(List.of(STEP));
        if (keys.contains(EPOCH)) {
            order.add(EPOCH);
        }
        for (String key : keys) {
            if (!order.contains(key)) {
                order.add(key);
            }
        }
        Table table = Table.create(String.valueOf(file.getFileName()));
        for (String key : order) {
            double[] values = new double[records.size()];
            for (int row = 0; row < values.length; row++) {
                values[row] = records.get(row).getOrDefault(key, Double.NaN);
            }
            table.addColumns(DoubleColumn.create(key, values));
        }
        return table;
    }
}
