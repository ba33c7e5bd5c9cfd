package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains narrow SNGAN and BigGAN models for a few hundred generator steps on this CPU, with UFS
 * and top-k on, and checks that every loss stays finite and the generator learns something.
 */
class BackboneTrainingTest {

    private static final int CLASSES = 4;

    @TempDir Path directory;

    /** One colored square per class, at a class-specific corner with a per-image offset. */
    private static final class ColoredSquares implements TrainingData {
        private final int imageSize;

        ColoredSquares(int imageSize) {
            this.imageSize = imageSize;
        }

        @Override
        public int size() {
            return 64;
        }

        @Override
        public NDArray images(NDManager manager, int[] indices) {
            int area = imageSize * imageSize;
            float[] pixels = new float[indices.length * 3 * area];
            Arrays.fill(pixels, -1f);
            int side = imageSize / 2;
            for (int n = 0; n < indices.length; n++) {
                int label = indices[n] % CLASSES;
                int offset = (indices[n] / CLASSES) % (imageSize / 8);
                int top = (label / 2) * side / 2 + offset;
                int left = (label % 2) * side / 2 + offset;
                for (int y = top; y < top + side; y++) {
                    for (int x = left; x < left + side; x++) {
                        int channel = label % 3;
                        pixels[n * 3 * area + channel * area + y * imageSize + x] = 1f;
                    }
                }
            }
            return manager.create(pixels, new Shape(indices.length, 3, imageSize, imageSize));
        }

        @Override
        public long[] labels(int[] indices) {
            long[] labels = new long[indices.length];
            for (int n = 0; n < indices.length; n++) {
                labels[n] = indices[n] % CLASSES;
            }
            return labels;
        }
    }

    private static float[] sample(GanTrainer trainer) {
        try (NDManager manager = KitEngine.newManager()) {
            return trainer.sampler().sample(manager, 4, 3).toFloatArray();
        }
    }

    private void trainsWithoutNan(TrainingConfig config, int imageSize) throws IOException {
        Path run = directory.resolve(config.name());
        float[] before;
        float[] after;
        try (GanTrainer trainer = new GanTrainer(config, new ColoredSquares(imageSize), 3, run)) {
            before = sample(trainer);
            TrainingResult result = trainer.train();
            after = sample(trainer);
            assertEquals(config.steps(), result.steps());
        }
        for (float value : after) {
            assertTrue(Float.isFinite(value), "a generated pixel is " + value);
        }
        double change = 0;
        for (int i = 0; i < before.length; i++) {
            change += Math.abs(after[i] - before[i]);
        }
        assertTrue(change / before.length > 1e-3, "generator output barely changed: " + change);
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            JsonObject metrics = JsonParser.parseString(line).getAsJsonObject();
            for (String key : metrics.keySet()) {
                double value = metrics.get(key).getAsDouble();
                assertTrue(Double.isFinite(value), key + " is " + value + " in " + line);
            }
        }
    }

    @Test
    void conditionalSnganTrains() throws IOException {
        TrainingConfig config =
                BackbonePresets.sngan32(CLASSES)
                        .name("sngan32-narrow")
                        .widths(16, 16)
                        .batchSize(8)
                        .criticSteps(1)
                        .steps(200)
                        .logEvery(50)
                        .checkpointEvery(100)
                        .suppression(SuppressionSettings.sngan())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(8, 4, 200), "8 to 4")
                        .build();
        trainsWithoutNan(config, 32);
    }

    @Test
    void bigGanTrainsWithAccumulationAndEma() throws IOException {
        TrainingConfig config =
                BackbonePresets.bigGan64(CLASSES)
                        .name("biggan64-narrow")
                        .widths(8, 8)
                        .batchSize(4)
                        .accumulations(2)
                        .criticSteps(1)
                        .ema(0.99, 50)
                        .steps(200)
                        .logEvery(50)
                        .checkpointEvery(100)
                        .suppression(SuppressionSettings.sngan())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(4, 2, 200), "4 to 2")
                        .build();
        trainsWithoutNan(config, 64);
    }
}
