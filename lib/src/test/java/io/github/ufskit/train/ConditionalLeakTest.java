package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks that the trainer's manager contains as many arrays after several SNGAN and BigGAN steps,
 * with UFS, top-k, the EMA and class sampling on, as after the first one.
 */
class ConditionalLeakTest {

    @TempDir Path directory;

    private void staysFlat(TrainingConfig config, int size) {
        TrainingData data = TrainingData.of(ConditionalTrainingProbeTest.squares(16, 3, size, 0));
        try (GanTrainer trainer = new GanTrainer(config, data, 3, directory.resolve("run"));
                NDManager manager = KitEngine.newManager()) {
            trainer.trainStep(0);
            trainer.sample(manager, new long[] {0, 1}, 3).close();
            int settled = trainer.managedArrayCount();
            for (int step = 1; step < 5; step++) {
                trainer.trainStep(step);
                trainer.sample(manager, new long[] {0, 1}, 3).close();
                trainer.sampler().sample(manager, 2, 4).close();
            }
            assertEquals(settled, trainer.managedArrayCount(), "arrays after 5 steps");
        }
    }

    @Test
    void snganStepsLeaveNoArraysBehind() {
        staysFlat(
                ConditionalTrainingProbeTest.narrowSngan("sngan", 5).ema(0.9, 0).build(), 32);
    }

    @Test
    void bigGanStepsLeaveNoArraysBehind() {
        staysFlat(
                BackbonePresets.bigGan64(4)
                        .name("biggan")
                        .widths(8, 8)
                        .latentDimension(20)
                        .batchSize(4)
                        .accumulations(2)
                        .criticSteps(1)
                        .ema(0.9, 0)
                        .steps(5)
                        .suppression(SuppressionSettings.sngan())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(4, 2, 5), "4 to 2")
                        .build(),
                64);
    }
}
