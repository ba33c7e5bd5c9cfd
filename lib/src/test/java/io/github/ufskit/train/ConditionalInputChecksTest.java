package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds conditional runs data and settings that do not fit, and checks that each error names the
 * wrong value and the fix, and that files written earlier survive.
 */
class ConditionalInputChecksTest {

    @TempDir Path directory;

    private static TrainingConfig sngan(String name) {
        return ConditionalTrainingProbeTest.narrowSngan(name, 2).build();
    }

    private static RuntimeException trainFails(
            TrainingConfig config, TrainingData data, int channels, Path run) {
        return assertThrows(
                RuntimeException.class,
                () -> {
                    try (GanTrainer trainer = new GanTrainer(config, data, channels, run)) {
                        trainer.train();
                    }
                });
    }

    @Test
    void labelAboveClassCountNamesFix() {
        // Labels 4 to 7 with classCount 4: the data set has eight classes.
        TrainingData data = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, 32, 4));
        RuntimeException error = trainFails(sngan("labels"), data, 3, directory.resolve("l"));
        String message = error.getMessage();
        assertTrue(error instanceof IllegalArgumentException, error.toString());
        assertTrue(message.contains("classCount"), message);
        assertTrue(message.contains("7") || message.contains("8"), message);
    }

    @Test
    void unlabelledDataNamesItsClass() {
        TrainingData labelled = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, 32, 0));
        TrainingData unlabelled =
                new TrainingData() {
                    @Override
                    public int size() {
                        return labelled.size();
                    }

                    @Override
                    public NDArray images(NDManager manager, int[] indices) {
                        return labelled.images(manager, indices);
                    }
                };
        RuntimeException error = trainFails(sngan("unlabelled"), unlabelled, 3, directory);
        String message = error.getMessage();
        assertTrue(message.contains("classCount 0"), message);
        assertFalse(message.startsWith(" "), "the message names no class: '" + message + "'");
    }

    @Test
    void grayscaleDataRejectedAtConstruction() {
        TrainingData gray = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 1, 32, 0));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new GanTrainer(sngan("gray"), gray, 3, directory.resolve("g")));
        assertTrue(error.getMessage().contains("1"), error.getMessage());
    }

    @Test
    void wrongImageSizeRejectedAtConstruction() {
        TrainingData small = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, 28, 0));
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new GanTrainer(sngan("size"), small, 3, directory.resolve("s")));
        assertTrue(error.getMessage().contains("28"), error.getMessage());
        assertTrue(error.getMessage().contains("imageSize"), error.getMessage());
    }

    @Test
    void attentionWidthFixIsReachable() {
        TrainingConfig.Builder config =
                BackbonePresets.bigGan64(4).name("attention").widths(3, 3).batchSize(4);
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, config::build);
        String message = error.getMessage();
        assertTrue(message.contains("width 3"), message);
        // TrainingConfig has no attention setting, so "attention resolution 0" is no fix here.
        assertFalse(message.contains("attention resolution 0"), message);
    }

    @Test
    void nanHyperparametersAreRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BackbonePresets.sngan32(4).learningRates(1e-4, Double.NaN).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BackbonePresets.bigGan64(4).ema(Double.NaN, 0).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BackbonePresets.bigGan64(4).orthogonalRegularization(Double.NaN).build());
        assertThrows(
                IllegalArgumentException.class,
                () -> BackbonePresets.sngan32(4).adamBetas(Double.NaN, 0.9).build());
    }

    @Test
    void topKAboveBatchWithAccumulationIsRejected() {
        // Two accumulated batches of 4 make an update of 8 samples, but k counts the samples
        // kept from each batch, so k = 8 cannot be kept from a batch of 4.
        TrainingConfig.Builder builder =
                ConditionalTrainingProbeTest.narrowSngan("accumulated", 2)
                        .accumulations(2)
                        .selection(SampleSelection.TOP_K, KSchedule.linear(8, 4, 2), "8 to 4");
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(error.getMessage().contains("accumulated"), error.getMessage());
    }

    @Test
    void otherSettingsErrorNamesSetting() throws IOException {
        TrainingData data = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, 32, 0));
        Path run = directory.resolve("resume");
        try (GanTrainer trainer = new GanTrainer(sngan("resume"), data, 3, run)) {
            trainer.train(1);
        }
        byte[] config = Files.readAllBytes(run.resolve("config.json"));
        byte[] checkpoint =
                Files.readAllBytes(run.resolve("checkpoints/step-00000001/generator.params"));
        TrainingConfig other =
                ConditionalTrainingProbeTest.narrowSngan("resume", 2).learningRate(1e-3).build();
        RuntimeException error = trainFails(other, data, 3, run);
        String message = error.getMessage();
        assertTrue(message.contains("learningRate"), message);
        assertArrayEquals(config, Files.readAllBytes(run.resolve("config.json")));
        assertArrayEquals(
                checkpoint,
                Files.readAllBytes(run.resolve("checkpoints/step-00000001/generator.params")));
    }

    @Test
    void divergenceAdviceFitsConditionalRuns() {
        // NaN pixels make the first critic loss NaN.
        TrainingData labelled = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, 32, 0));
        TrainingData poisoned =
                new TrainingData() {
                    @Override
                    public int size() {
                        return labelled.size();
                    }

                    @Override
                    public NDArray images(NDManager manager, int[] indices) {
                        return labelled.images(manager, indices).mul(Float.NaN);
                    }

                    @Override
                    public long[] labels(int[] indices) {
                        return labelled.labels(indices);
                    }
                };
        RuntimeException error =
                trainFails(sngan("diverged"), poisoned, 3, directory.resolve("d"));
        String message = error.getMessage();
        assertTrue(error instanceof TrainingDivergedException, error.toString());
        // TrainingConfig.validate rejects a gradient penalty when classCount > 0.
        assertFalse(message.contains("gradient penalty"), message);
    }
}
