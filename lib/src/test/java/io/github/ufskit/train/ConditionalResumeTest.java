package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that conditional SNGAN and BigGAN runs split in two and resumed from a checkpoint end
 * with the same generator and critic as uninterrupted runs: spectral norm's vectors, batch-norm
 * statistics and the EMA must all be restored.
 */
class ConditionalResumeTest {

    private static final int CLASSES = ConditionalTrainingProbeTest.CLASSES;

    @TempDir Path directory;

    /** Generator samples of each class followed by the critic's scores of those samples. */
    private static float[] fingerprint(GanTrainer trainer) {
        try (NDManager manager = KitEngine.newManager()) {
            long[] classes = {0, 1, 2, 3};
            NDArray images = trainer.sample(manager, classes, 11);
            NDArray labels = manager.create(classes);
            NDArray features = trainer.critic().features(trainer.criticStore(), images, false);
            NDArray scores =
                    trainer.critic().score(trainer.criticStore(), features, labels, false);
            return images.flatten().concat(scores).toFloatArray();
        }
    }

    private void resumesExactly(TrainingConfig config, int size, int half) throws IOException {
        TrainingData data =
                TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, size, 0));
        float[] straight;
        try (GanTrainer trainer = new GanTrainer(config, data, 3, directory.resolve("straight"))) {
            trainer.train();
            straight = fingerprint(trainer);
        }

        Path split = directory.resolve("split");
        try (GanTrainer trainer = new GanTrainer(config, data, 3, split)) {
            trainer.train(half);
        }
        float[] resumed;
        try (GanTrainer trainer = new GanTrainer(config, data, 3, split)) {
            assertEquals(half, trainer.train().resumedFromStep());
            resumed = fingerprint(trainer);
        }
        assertArrayEquals(straight, resumed, 1e-5f);
        // Every saved parameter, running statistics and power-iteration vectors included.
        Path straightLast = directory.resolve("straight/checkpoints/step-0000000" + 2 * half);
        Path splitLast = split.resolve("checkpoints/step-0000000" + 2 * half);
        List<String> files = new ArrayList<>(List.of("generator.params", "critic.params"));
        if (config.usesEma()) {
            files.add("generator-ema.params");
        }
        for (String file : files) {
            assertArrayEquals(
                    Files.readAllBytes(straightLast.resolve(file)),
                    Files.readAllBytes(splitLast.resolve(file)),
                    file + " differs after resuming");
        }
    }

    @Test
    void snganResumesExactly() throws IOException {
        TrainingConfig config = ConditionalTrainingProbeTest.narrowSngan("sngan", 4).build();
        resumesExactly(config, 32, 2);
    }

    @Test
    void bigGanWithEmaAndAccumulationResumesExactly() throws IOException {
        TrainingConfig config =
                BackbonePresets.bigGan64(CLASSES)
                        .name("biggan")
                        .widths(8, 8)
                        .latentDimension(20)
                        .batchSize(4)
                        .accumulations(2)
                        .criticSteps(1)
                        .ema(0.9, 1)
                        .steps(4)
                        .logEvery(1)
                        .checkpointEvery(0)
                        .suppression(SuppressionSettings.sngan())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(4, 2, 4), "4 to 2")
                        .build();
        resumesExactly(config, 64, 2);
    }
}
