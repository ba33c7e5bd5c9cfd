package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.selection.KSchedule;
import io.github.ufskit.selection.SampleSelection;
import io.github.ufskit.suppression.SuppressionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's Java example of a class-conditional run ("A class-conditional run from
 * Java") as a new user would paste it, with 3 steps in place of 2,000 and a small labelled data
 * set of 64 x 64 RGB images built in memory.
 */
class ReadmeConditionalRunTest {

    private static final int CLASSES = 3;
    private static final int SIZE = 64;

    @TempDir Path runs;

    /** Builds 48 RGB images: a bright square whose corner and colour follow the class. */
    private static ImageDataset labelledSquares() {
        int count = 48;
        int area = SIZE * SIZE;
        byte[] pixels = new byte[count * 3 * area];
        int[] labels = new int[count];
        int side = SIZE / 2;
        for (int n = 0; n < count; n++) {
            int label = n % CLASSES;
            labels[n] = label;
            int corner = label * side / 2;
            for (int y = corner; y < corner + side; y++) {
                for (int x = corner; x < corner + side; x++) {
                    pixels[n * 3 * area + label * area + y * SIZE + x] = (byte) 255;
                }
            }
        }
        return new ImageDataset(
                "squares", pixels, labels, 3, SIZE, SIZE, List.of("red", "green", "blue"));
    }

    @Test
    void readmeSnippetTrainsThreeSteps() {
        ImageDataset dataset = labelledSquares();
        Path runDirectory = runs.resolve("biggan64");

        // The README's lines, with steps(2_000) and the anneal length shrunk to 3.
        TrainingConfig config =
                BackbonePresets.bigGan64(dataset.classCount())
                        .widths(16, 16).batchSize(32).steps(3)
                        .suppression(SuppressionSettings.sngan())
                        .selection(SampleSelection.TOP_K, KSchedule.linear(32, 16, 3), "32 to 16")
                        .build();
        try (GanTrainer trainer =
                new GanTrainer(config, TrainingData.of(dataset), 3, runDirectory)) {
            TrainingResult result = trainer.train();
            assertEquals(3, result.steps());
        }

        assertTrue(Files.exists(runDirectory.resolve("result.json")), "result.json");
        assertTrue(Files.exists(runDirectory.resolve("config.json")), "config.json");
    }
}
