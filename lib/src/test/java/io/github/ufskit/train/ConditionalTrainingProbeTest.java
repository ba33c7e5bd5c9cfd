package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.cam.ClassActivationMaps;
import io.github.ufskit.cam.Heatmaps;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a narrow class-conditional SNGAN through the public API only, the way the README and
 * the Javadoc describe it, then samples classes and draws class activation maps.
 */
class ConditionalTrainingProbeTest {

    static final int CLASSES = 4;
    static final int SIZE = 32;

    @TempDir Path directory;

    /** Builds RGB 32 x 32 images: a bright square whose corner and colour follow the class. */
    static ImageDataset squares(int count, int channels, int size, int labelOffset) {
        int area = size * size;
        byte[] pixels = new byte[count * channels * area];
        int[] labels = new int[count];
        int side = size / 2;
        for (int n = 0; n < count; n++) {
            int label = n % CLASSES;
            labels[n] = label + labelOffset;
            int top = (label / 2) * side / 2 + n % 3;
            int left = (label % 2) * side / 2 + n % 3;
            int channel = label % channels;
            for (int y = top; y < top + side; y++) {
                for (int x = left; x < left + side; x++) {
                    pixels[n * channels * area + channel * area + y * size + x] = (byte) 255;
                }
            }
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < CLASSES + labelOffset; c++) {
            names.add("class" + c);
        }
        return new ImageDataset("squares", pixels, labels, channels, size, size, names);
    }

    static TrainingConfig.Builder narrowSngan(String name, long steps) {
        return BackbonePresets.sngan32(CLASSES)
                .name(name)
                .widths(8, 8)
                .latentDimension(16)
                .batchSize(4)
                .criticSteps(1)
                .steps(steps)
                .logEvery(1)
                .checkpointEvery(0)
                .suppression(SuppressionSettings.sngan())
                .selection(SampleSelection.TOP_K, KSchedule.linear(4, 2, steps), "4 to 2");
    }

    @Test
    void narrowSnganTrainsSamplesAndDrawsMaps() throws IOException {
        TrainingConfig config = narrowSngan("probe", 3).build();
        Path run = directory.resolve("probe");
        TrainingData data = TrainingData.of(squares(16, 3, SIZE, 0));
        try (GanTrainer trainer = new GanTrainer(config, data, 3, run);
                NDManager manager = KitEngine.newManager()) {
            TrainingResult result = trainer.train();
            assertEquals(3, result.steps());
            assertTrue(Files.exists(run.resolve("config.json")));
            assertTrue(Files.exists(run.resolve("metrics.jsonl")));
            assertTrue(Files.exists(run.resolve("result.json")));

            long[] classes = {0, 1, 2, 3};
            NDArray fake = trainer.sample(manager, classes, 5);
            assertEquals(new Shape(4, 3, SIZE, SIZE), fake.getShape());
            NDArray again = trainer.sample(manager, classes, 5);
            assertArrayEquals(fake.toFloatArray(), again.toFloatArray(), 0f);

            // The trainer does not expose its UFS module, so the maps need a module of their own
            // with statistics of one real and one fake batch.
            SplitCritic critic = trainer.critic();
            int[] indices = {0, 1, 2, 3};
            NDArray real = data.images(manager, indices);
            NDArray realLabels = manager.create(data.labels(indices));
            NDArray fakeLabels = manager.create(classes);
            try (UnrealisticFeatureSuppression suppression =
                    new UnrealisticFeatureSuppression(manager, config.suppression())) {
                NDArray realFeatures = critic.features(trainer.criticStore(), real, false);
                NDArray fakeFeatures = critic.features(trainer.criticStore(), fake, false);
                suppression.recordCriticStep(
                        realFeatures,
                        critic.effectiveWeight(trainer.criticStore(), realFeatures, realLabels),
                        fakeFeatures,
                        critic.effectiveWeight(trainer.criticStore(), fakeFeatures, fakeLabels));
                ClassActivationMaps maps =
                        ClassActivationMaps.of(
                                critic, trainer.criticStore(), fake, fakeLabels, suppression);
                assertEquals(4, maps.count());
                Path png = run.resolve("cam.png");
                Heatmaps.savePng(fake, maps, 2, Heatmaps.DEFAULT_OPACITY, png);
                BufferedImage written = ImageIO.read(png.toFile());
                assertEquals(4 * 2 * SIZE, written.getWidth(), 4 * 2 * SIZE / 4);
                assertTrue(written.getHeight() >= 4 * 2 * SIZE);
            }
        }
    }
}
