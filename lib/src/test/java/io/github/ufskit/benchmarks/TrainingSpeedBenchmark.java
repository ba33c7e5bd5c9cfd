package io.github.ufskit.benchmarks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.train.GanTrainer;
import io.github.ufskit.train.TrainingConfig;
import io.github.ufskit.train.TrainingData;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the seconds per generator step (including its critic steps) of the WGAN-GP ResNet at
 * several widths, with and without UFS and Top-k, on this machine's default device.
 *
 * <p>Run with {@code mvn -pl lib test -Dgroups=benchmark -Dtest.excludedGroups=none
 * -Dtest=TrainingSpeedBenchmark}; {@code -Dufskit.benchmark.widths=8,32,128} and {@code
 * -Dufskit.benchmark.steps=N} change the grid.
 */
@Tag("benchmark")
class TrainingSpeedBenchmark {

    @TempDir Path directory;

    @Test
    void secondsPerGeneratorStep() {
        String[] widths = System.getProperty("ufskit.benchmark.widths", "8,32,64").split(",");
        int steps = Integer.getInteger("ufskit.benchmark.steps", 5);
        TrainingData data =
                new TrainingData() {
                    @Override
                    public int size() {
                        return 4096;
                    }

                    @Override
                    public NDArray images(NDManager manager, int[] indices) {
                        return manager.randomUniform(-1, 1, new Shape(indices.length, 1, 32, 32));
                    }
                };
        System.out.printf(
                "%6s %6s %8s %12s %14s%n", "width", "batch", "critic", "variant", "s/gen step");
        for (String widthText : widths) {
            int width = Integer.parseInt(widthText.trim());
            for (String variant : new String[] {"plain", "ufs+top-k"}) {
                TrainingConfig.Builder builder =
                        TrainingConfig.builder()
                                .name("w" + width + "-" + variant)
                                .width(width)
                                .batchSize(64)
                                .criticSteps(5)
                                .steps(steps + 1)
                                .criticOutput(ResNetCritic.Output.MAP)
                                .logEvery(1000)
                                .checkpointEvery(0);
                if (variant.equals("ufs+top-k")) {
                    builder.suppression(SuppressionSettings.wganGp())
                            .selection(
                                    SampleSelection.TOP_K, KSchedule.linear(64, 32, steps), "64-32");
                }
                Path run = directory.resolve(width + variant);
                try (GanTrainer trainer = new GanTrainer(builder.build(), data, 1, run)) {
                    trainer.train(1);
                    long started = System.nanoTime();
                    trainer.train(steps + 1);
                    double seconds = (System.nanoTime() - started) / 1e9 / steps;
                    System.out.printf(
                            "%6d %6d %8s %12s %14.3f%n", width, 64, "5 x map", variant, seconds);
                }
            }
        }
    }
}
