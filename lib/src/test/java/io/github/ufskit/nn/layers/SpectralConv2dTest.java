package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class SpectralConv2dTest {

    @Test
    void outputShapeFollowsPadding() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralConv2d same = new SpectralConv2d(3, 8, 3, 1, true, true,
                    new NormalInitializer());
            same.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6, 5));
            NDArray output = same.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomNormal(new Shape(2, 3, 6, 5))), true)
                    .singletonOrThrow();
            assertEquals(new Shape(2, 8, 6, 5), output.getShape());
            assertEquals(new Shape(2, 8, 6, 5),
                    same.getOutputShapes(new Shape[] {new Shape(2, 3, 6, 5)})[0]);

            SpectralConv2d valid = new SpectralConv2d(3, 8, 3, 0, false, false,
                    new NormalInitializer());
            assertEquals(new Shape(2, 8, 4, 3),
                    valid.getOutputShapes(new Shape[] {new Shape(2, 3, 6, 5)})[0]);
        }
    }

    @Test
    void plainConvolutionHasNoVector() {
        SpectralConv2d plain = new SpectralConv2d(3, 4, 1, 0, false, false,
                new NormalInitializer());
        assertFalse(plain.getParameters().keys().contains("weight_u"));
        assertFalse(plain.getParameters().keys().contains("bias"));
        SpectralConv2d normalized = new SpectralConv2d(3, 4, 1, 0, true, true,
                new NormalInitializer());
        assertTrue(normalized.getParameters().keys().contains("weight_u"));
        assertTrue(normalized.getParameters().keys().contains("bias"));
    }

    @Test
    void forwardUsesTheNormalizedKernel() {
        // A 1 x 1 convolution with kernel K and no bias is x -> K x at each pixel, so the forward
        // must equal the einsum with weight(...) read right after it in evaluation.
        try (NDManager manager = KitEngine.newManager()) {
            SpectralConv2d layer = new SpectralConv2d(3, 2, 1, 0, false, true,
                    new NormalInitializer(2f));
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 2, 2));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(new Shape(1, 3, 2, 2));
            NDArray y = layer.forward(store, new NDList(x), false).singletonOrThrow();
            NDArray kernel = layer.weight(store, Device.cpu(), false).reshape(2, 3);
            NDArray expected = kernel.matMul(x.reshape(3, 4)).reshape(1, 2, 2, 2);
            assertArrayEquals(expected.toFloatArray(), y.toFloatArray(), 1e-5f);
            float raw = array(layer, "weight").norm().getFloat();
            float normalized = kernel.norm().getFloat();
            assertTrue(normalized < raw, "the normalized kernel should be smaller");
        }
    }

    @Test
    void rejectsInvalidArguments() {
        NormalInitializer initializer = new NormalInitializer();
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralConv2d(0, 4, 3, 1, true, true, initializer));
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralConv2d(3, 4, 0, 1, true, true, initializer));
        IllegalArgumentException padding = assertThrows(IllegalArgumentException.class,
                () -> new SpectralConv2d(3, 4, 3, -1, true, true, initializer));
        assertTrue(padding.getMessage().contains("got -1"), padding.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> new SpectralConv2d(3, 4, 3, 1, true, true, null));
        assertTrue(missing.getMessage().contains("initializer"), missing.getMessage());
    }

    @Test
    void rejectsWrongInputChannels() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralConv2d layer = new SpectralConv2d(3, 4, 3, 1, true, true,
                    new NormalInitializer());
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> layer.initialize(manager, DataType.FLOAT32, new Shape(2, 5, 4, 4)));
            assertTrue(error.getMessage().contains("(N, 3, H, W)"), error.getMessage());
            assertTrue(error.getMessage().contains("(2, 5, 4, 4)"), error.getMessage());
        }
    }
}
