package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.report.ImageGrid;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GanTrainerTest {

    @TempDir Path directory;

    /** Bright squares at a position set by the index, on a dark background. */
    private static final class Squares implements TrainingData {
        private final AtomicBoolean poisoned = new AtomicBoolean();

        @Override
        public int size() {
            return 32;
        }

        @Override
        public NDArray images(NDManager manager, int[] indices) {
            float[] pixels = new float[indices.length * 32 * 32];
            for (int n = 0; n < indices.length; n++) {
                int corner = (indices[n] % 4) * 8;
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        boolean inside = y >= corner && y < corner + 8 && x >= 4 && x < 20;
                        float value = inside ? 1f : -1f;
                        if (poisoned.get()) {
                            value = Float.NaN;
                        }
                        pixels[n * 1024 + y * 32 + x] = value;
                    }
                }
            }
            return manager.create(pixels, new Shape(indices.length, 1, 32, 32));
        }
    }

    private static TrainingConfig.Builder tiny(String name) {
        return TrainingConfig.builder()
                .name(name)
                .width(8)
                .latentDimension(16)
                .batchSize(8)
                .criticSteps(2)
                .steps(4)
                .logEvery(2)
                .checkpointEvery(2)
                .sampleEvery(2)
                .seed(11);
    }

    private static void writeGrid(NDArray images, Path file) {
        try {
            ImageGrid.savePng(images, 8, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] sample(GanTrainer trainer) {
        try (NDManager manager = KitEngine.newManager()) {
            return trainer.sampler().sample(manager, 4, 5).toFloatArray();
        }
    }

    @Test
    void runWritesEveryFile() throws IOException {
        TrainingConfig config =
                tiny("ufs-topk")
                        .criticOutput(ResNetCritic.Output.MAP)
                        .suppression(SuppressionSettings.wganGp())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(8, 4, 4), "8 to 4")
                        .build();
        Path run = directory.resolve("run");
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, run)) {
            trainer.sampleGridWriter(GanTrainerTest::writeGrid);
            float[] before = sample(trainer);
            TrainingResult result = trainer.train();
            float[] after = sample(trainer);
            assertEquals(4, result.steps());
            assertFalse(java.util.Arrays.equals(before, after), "generator output did not change");
        }
        assertTrue(Files.exists(run.resolve("config.json")));
        assertTrue(Files.exists(run.resolve("result.json")));
        assertTrue(Files.exists(run.resolve("samples/step-00000004.png")));
        assertEquals(
                "step-00000004",
                Files.readString(run.resolve("checkpoints/latest"), StandardCharsets.UTF_8).trim());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, lines.size());
        assertTrue(lines.get(1).startsWith("{\"step\":4,"), lines.get(1));
        assertTrue(lines.get(1).contains("\"ufs/mean_factor\""), lines.get(1));
        // k is 6 at step 3 and 5 at step 4 (8 to 4 over 4 steps); the line contains their mean.
        assertTrue(lines.get(1).contains("\"selection/k\":5.5"), lines.get(1));
    }

    @Test
    void resumedRunMatchesUninterruptedRun() {
        TrainingConfig config = tiny("resume").suppression(SuppressionSettings.sngan()).build();
        float[] straight;
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("a"))) {
            trainer.train();
            straight = sample(trainer);
        }
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("b"))) {
            assertEquals(2, trainer.train(2).steps());
        }
        float[] resumed;
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("b"))) {
            TrainingResult result = trainer.train();
            assertEquals(2, result.resumedFromStep());
            resumed = sample(trainer);
        }
        assertArrayEquals(straight, resumed, 1e-6f);
    }

    @Test
    void resumeWithAccumulationAndEmaIsExact() {
        TrainingConfig config =
                tiny("accumulate")
                        .accumulations(2)
                        .learningRates(1e-4, 4e-4)
                        .ema(0.9, 2)
                        .suppression(SuppressionSettings.sngan())
                        .build();
        float[] straight;
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("a"))) {
            trainer.train();
            straight = sample(trainer);
        }
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("b"))) {
            assertEquals(3, trainer.train(3).steps());
        }
        float[] resumed;
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("b"))) {
            assertEquals(3, trainer.train().resumedFromStep());
            resumed = sample(trainer);
        }
        assertArrayEquals(straight, resumed, 1e-6f);
        assertTrue(
                Files.exists(directory.resolve("b/checkpoints/step-00000004/generator-ema.params")));
    }

    @Test
    void emaSamplesDifferFromTheTrainedGenerator() {
        TrainingConfig plain = tiny("plain").build();
        TrainingConfig averaged = tiny("averaged").ema(0.5, 0).build();
        float[] plainSamples;
        float[] averagedSamples;
        try (GanTrainer trainer = new GanTrainer(plain, new Squares(), 1, directory.resolve("p"))) {
            trainer.train();
            plainSamples = sample(trainer);
        }
        try (GanTrainer trainer =
                new GanTrainer(averaged, new Squares(), 1, directory.resolve("e"))) {
            trainer.train();
            averagedSamples = sample(trainer);
        }
        // Both runs train the same weights, so only the averaging can tell them apart.
        assertFalse(java.util.Arrays.equals(plainSamples, averagedSamples));
    }

    @Test
    void trainingStepsLeaveNoArraysBehind() {
        // Operations on a parameter, such as transposing D_L's weight, attach their result to
        // the parameters' manager. Without the step's scope it grew by 7 arrays per step.
        TrainingConfig config =
                tiny("leak").suppression(SuppressionSettings.sngan()).ema(0.9, 0).build();
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, directory.resolve("l"))) {
            trainer.trainStep(0);
            sample(trainer);
            int settled = trainer.managedArrayCount();
            for (int step = 1; step < 6; step++) {
                trainer.trainStep(step);
                sample(trainer);
            }
            assertEquals(settled, trainer.managedArrayCount());
        }
    }

    @Test
    void finishedRunIsNotTrainedAgain() {
        TrainingConfig config = tiny("done").build();
        Path run = directory.resolve("done");
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, run)) {
            trainer.train();
        }
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, run)) {
            TrainingResult again = trainer.train();
            assertEquals(4, again.steps());
            assertEquals(4, again.resumedFromStep());
        }
    }

    @Test
    void nanLossStopsAndKeepsLastCheckpoint() throws IOException {
        TrainingConfig config = tiny("nan").steps(6).build();
        Squares data = new Squares();
        Path run = directory.resolve("nan");
        try (GanTrainer trainer = new GanTrainer(config, data, 1, run)) {
            trainer.train(2);
        }
        data.poisoned.set(true);
        try (GanTrainer trainer = new GanTrainer(config, data, 1, run)) {
            TrainingDivergedException error =
                    assertThrows(TrainingDivergedException.class, trainer::train);
            assertEquals(3, error.step());
            assertTrue(error.getMessage().contains("step 3"), error.getMessage());
            assertTrue(error.getMessage().contains("checkpoints"), error.getMessage());
        }
        assertEquals(2, new Checkpoints(run, 2).latestStep());
    }

    @Test
    void otherSettingsInRunDirectoryAreRejected() {
        Path run = directory.resolve("clash");
        try (GanTrainer trainer = new GanTrainer(tiny("clash").build(), new Squares(), 1, run)) {
            trainer.train(2);
        }
        TrainingConfig other = tiny("clash").learningRate(1e-3).build();
        try (GanTrainer trainer = new GanTrainer(other, new Squares(), 1, run)) {
            IllegalStateException error = assertThrows(IllegalStateException.class, trainer::train);
            assertTrue(error.getMessage().contains("other settings"), error.getMessage());
        }
    }

    @Test
    void evaluatorResultsAreLoggedAndReturned() throws IOException {
        Path run = directory.resolve("eval");
        TrainingConfig config = tiny("eval").evaluateEvery(2).build();
        try (GanTrainer trainer = new GanTrainer(config, new Squares(), 1, run)) {
            trainer.evaluator((sampler, step) -> Map.of("fid/test", (double) step));
            TrainingResult result = trainer.train();
            assertEquals(Map.of("fid/test", 4.0), result.finalMetrics());
        }
        String log = Files.readString(run.resolve("metrics.jsonl"));
        assertTrue(log.contains("\"fid/test\":2.0"), log);
        assertTrue(log.contains("\"fid/test\":4.0"), log);
    }

    @Test
    void samplingLeavesGeneratorStateUnchanged() throws IOException {
        TrainingConfig config = tiny("sample").build();
        try (GanTrainer plain = new GanTrainer(config, new Squares(), 1, directory.resolve("a"))) {
            plain.train(2);
        }
        try (GanTrainer sampled = new GanTrainer(config, new Squares(), 1, directory.resolve("b"))) {
            // Training-mode sampling would fold these images into the batch-norm averages.
            sample(sampled);
            sampled.train(2);
        }
        assertArrayEquals(generatorBytes(directory.resolve("a")), generatorBytes(directory.resolve("b")));
    }

    private static byte[] generatorBytes(Path run) throws IOException {
        return Files.readAllBytes(run.resolve("checkpoints/step-00000002/generator.params"));
    }

    @Test
    void secondTrainerOnSameRunIsRejected() {
        Path run = directory.resolve("locked");
        TrainingConfig config = tiny("locked").evaluateEvery(2).build();
        try (GanTrainer first = new GanTrainer(config, new Squares(), 1, run);
                GanTrainer second = new GanTrainer(config, new Squares(), 1, run)) {
            first.evaluator(
                    (sampler, step) -> {
                        IllegalStateException error =
                                assertThrows(IllegalStateException.class, second::train);
                        assertTrue(
                                error.getMessage().contains("another process"), error.getMessage());
                        return Map.of();
                    });
            first.train(2);
        }
    }

    @Test
    void prefetchedPixelsTrainLikeDirectReads() {
        Squares squares = new Squares();
        byte[] pixels = new byte[32 * 32 * 32];
        try (NDManager manager = KitEngine.newManager()) {
            int[] all = new int[32];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            float[] values = squares.images(manager, all).toFloatArray();
            for (int i = 0; i < values.length; i++) {
                pixels[i] = (byte) Math.round((values[i] + 1) * 127.5f);
            }
        }
        io.github.ufskit.data.ImageDataset dataset =
                new io.github.ufskit.data.ImageDataset(
                        "squares", pixels, new int[32], 1, 32, 32, List.of("square"));
        TrainingData direct =
                new TrainingData() {
                    @Override
                    public int size() {
                        return dataset.size();
                    }

                    @Override
                    public NDArray images(NDManager manager, int[] indices) {
                        return dataset.images(manager, indices);
                    }
                };
        TrainingConfig config = tiny("prefetch").build();
        float[] expected;
        try (GanTrainer trainer = new GanTrainer(config, direct, 1, directory.resolve("d"))) {
            trainer.train();
            expected = sample(trainer);
        }
        float[] prefetched;
        try (GanTrainer trainer =
                new GanTrainer(config, TrainingData.of(dataset), 1, directory.resolve("p"))) {
            trainer.train(2);
        }
        try (GanTrainer trainer =
                new GanTrainer(config, TrainingData.of(dataset), 1, directory.resolve("p"))) {
            trainer.train();
            prefetched = sample(trainer);
        }
        assertArrayEquals(expected, prefetched, 1e-6f);
    }

    @Test
    void dataSmallerThanBatchIsRejected() {
        TrainingConfig config = tiny("small").batchSize(64).build();
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new GanTrainer(config, new Squares(), 1, directory.resolve("s")));
        assertTrue(error.getMessage().contains("32 images"), error.getMessage());
    }
}
