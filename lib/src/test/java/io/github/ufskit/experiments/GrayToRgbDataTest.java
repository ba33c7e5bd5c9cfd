package io.github.ufskit.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.data.ImageDataset;
import io.github.ufskit.engine.KitEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrayToRgbDataTest {

    private static final List<String> NAMES =
            List.of("c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7");

    /** Two 1 x 2 x 2 images with pixels 0, 255, 51, 204 and 255, 0, 0, 255. */
    private static ImageDataset twoImages() {
        byte[] pixels = {0, (byte) 255, 51, (byte) 204, (byte) 255, 0, 0, (byte) 255};
        return new ImageDataset("tiny", pixels, new int[] {3, 7}, 1, 2, 2, NAMES);
    }

    @Test
    void channelIsRepeatedAndPixelsBecomeBlocks() {
        GrayToRgbData data = new GrayToRgbData(twoImages(), 2);
        try (NDManager manager = KitEngine.newManager()) {
            NDArray images = data.images(manager, new int[] {0});
            assertEquals(new Shape(1, 3, 4, 4), images.getShape());
            // Pixels 0, 255, 51, 204 scale to -1, 1, -0.6, 0.6 in [-1, 1].
            float[] channel = {
                -1, -1, 1, 1,
                -1, -1, 1, 1,
                -0.6f, -0.6f, 0.6f, 0.6f,
                -0.6f, -0.6f, 0.6f, 0.6f
            };
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(
                        channel, images.get("0, " + c).flatten().toFloatArray(), 1e-6f);
            }
        }
    }

    @Test
    void labelsComeFromTheDataSet() {
        GrayToRgbData data = new GrayToRgbData(twoImages(), 1);
        assertArrayEquals(new long[] {7, 3}, data.labels(new int[] {1, 0}));
    }

    @Test
    void scaleBelowOneIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GrayToRgbData(twoImages(), 0));
    }
}
