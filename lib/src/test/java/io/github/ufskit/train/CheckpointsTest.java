package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.LastLinearLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    @TempDir Path directory;

    private static LastLinearLayer layer(NDManager manager) {
        LastLinearLayer layer = new LastLinearLayer(3);
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
        return layer;
    }

    @Test
    void saveKeepsNewestAndRestores() throws IOException {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer generator = layer(manager);
            LastLinearLayer critic = layer(manager);
            try (Adam first = new Adam(manager, generator, 0, 0.9, 1e-8);
                    Adam second = new Adam(manager, critic, 0, 0.9, 1e-8)) {
                Checkpoints checkpoints = new Checkpoints(directory, 2);
                for (long step : new long[] {10, 20, 30}) {
                    checkpoints.save(step, generator, critic, first, second);
                }
                assertEquals(30, checkpoints.latestStep());
                try (Stream<Path> entries = Files.list(directory.resolve("checkpoints"))) {
                    assertEquals(
                            "[latest, step-00000020, step-00000030]",
                            entries.map(p -> p.getFileName().toString()).sorted().toList().toString());
                }
                float[] saved = generator.getParameters().get("weight").getArray().toFloatArray();
                generator.getParameters().get("weight").getArray().set(new float[] {9, 9, 9});
                assertEquals(30, checkpoints.restore(manager, generator, critic, first, second));
                float[] restored =
                        generator.getParameters().get("weight").getArray().toFloatArray();
                assertEquals(saved[0], restored[0]);
                assertTrue(generator.getParameters().get("weight").getArray().hasGradient());
            }
        }
    }

    @Test
    void pointerToMissingCheckpointIsReported() throws IOException {
        Files.createDirectories(directory.resolve("checkpoints"));
        Files.writeString(directory.resolve("checkpoints/latest"), "step-00000042\n");
        IOException error =
                assertThrows(IOException.class, () -> new Checkpoints(directory, 2).latestStep());
        assertTrue(error.getMessage().contains("step-00000042"), error.getMessage());
        assertTrue(error.getMessage().contains("delete the pointer"), error.getMessage());
    }

    @Test
    void truncatedParametersAreReported() throws IOException {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer generator = layer(manager);
            LastLinearLayer critic = layer(manager);
            try (Adam first = new Adam(manager, generator, 0, 0.9, 1e-8);
                    Adam second = new Adam(manager, critic, 0, 0.9, 1e-8)) {
                Checkpoints checkpoints = new Checkpoints(directory, 2);
                checkpoints.save(5, generator, critic, first, second);
                Path params = directory.resolve("checkpoints/step-00000005/critic.params");
                byte[] bytes = Files.readAllBytes(params);
                Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
                IOException error =
                        assertThrows(
                                IOException.class,
                                () -> checkpoints.restore(manager, generator, critic, first, second));
                assertTrue(error.getMessage().contains("critic.params"), error.getMessage());
            }
        }
    }

    @Test
    void noCheckpointMeansStepMinusOne() throws IOException {
        assertEquals(-1, new Checkpoints(directory, 1).latestStep());
    }
}
