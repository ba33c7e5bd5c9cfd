package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogWriterTest {

    @TempDir Path directory;

    @Test
    void linesAreJsonWithStepFirst() throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("loss/critic", -1.5);
        metrics.put("fid/x", Double.NaN);
        try (MetricsLogWriter writer = new MetricsLogWriter(file, -1)) {
            writer.write(10, 2, metrics);
        }
        assertEquals(
                List.of("{\"step\":10,\"epoch\":2,\"loss/critic\":-1.5,\"fid/x\":null}"),
                Files.readAllLines(file));
    }

    @Test
    void resumeDropsLinesPastCheckpoint() throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Files.writeString(
                file,
                "{\"step\":1,\"epoch\":0}\n{\"step\":2,\"epoch\":0}\n{\"step\":3,\"epoch\":0}\n");
        try (MetricsLogWriter writer = new MetricsLogWriter(file, 2)) {
            writer.write(3, 1, Map.of());
        }
        assertEquals(
                List.of(
                        "{\"step\":1,\"epoch\":0}",
                        "{\"step\":2,\"epoch\":0}",
                        "{\"step\":3,\"epoch\":1}"),
                Files.readAllLines(file));
    }

    @Test
    void lineCutByCrashIsDropped() throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"epoch\":0}\n{\"step\":2,\"ep");
        try (MetricsLogWriter writer = new MetricsLogWriter(file, 5)) {
            writer.write(2, 0, Map.of());
        }
        assertEquals(
                List.of("{\"step\":1,\"epoch\":0}", "{\"step\":2,\"epoch\":0}"),
                Files.readAllLines(file));
    }

    @Test
    void damagedMiddleLineIsReported() throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"epoch\":0}\ngarbage\n{\"step\":3,\"epoch\":0}\n");
        java.io.UncheckedIOException error =
                org.junit.jupiter.api.Assertions.assertThrows(
                        java.io.UncheckedIOException.class, () -> new MetricsLogWriter(file, 5));
        String message = error.getCause().getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(
                message.contains("metrics.jsonl:2: malformed"), message);
        assertEquals(3, Files.readAllLines(file).size());
    }

    @Test
    void freshRunEmptiesOldLog() throws IOException {
        Path file = directory.resolve("metrics.jsonl");
        Files.writeString(file, "{\"step\":7,\"epoch\":0}\n");
        try (MetricsLogWriter writer = new MetricsLogWriter(file, 0)) {
            writer.write(1, 0, Map.of());
        }
        assertEquals(List.of("{\"step\":1,\"epoch\":0}"), Files.readAllLines(file));
    }
}
