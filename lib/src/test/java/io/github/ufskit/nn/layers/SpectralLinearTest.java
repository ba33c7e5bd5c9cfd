package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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

class SpectralLinearTest {

    @Test
    void forwardIsAffineMapOfNormalizedWeight() {
        // Hand case: W = [[3, 0], [0, 1]] has sigma = 3, so after convergence W_SN = diag(1, 1/3)
        // and x = (3, 3) with bias (1, -1) maps to (4, 0).
        try (NDManager manager = KitEngine.newManager()) {
            SpectralLinear layer = new SpectralLinear(2, 2, true, true, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
            array(layer, "weight").set(new float[] {3, 0, 0, 1});
            array(layer, "bias").set(new float[] {1, -1});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.create(new float[] {3, 3}, new Shape(1, 2));
            for (int step = 0; step < 30; step++) {
                layer.forward(store, new NDList(x), true);
            }
            NDArray y = layer.forward(store, new NDList(x), false).singletonOrThrow();
            assertEquals(new Shape(1, 2), y.getShape());
            assertArrayEquals(new float[] {4, 0}, y.toFloatArray(), 1e-4f);
            assertArrayEquals(new float[] {1, 0, 0, 1f / 3},
                    layer.weight(store, Device.cpu(), false).toFloatArray(), 1e-4f);
        }
    }

    @Test
    void plainLayerUsesRawWeight() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralLinear layer = new SpectralLinear(2, 3, false, false,
                    new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray raw = array(layer, "weight");
            assertArrayEquals(raw.toFloatArray(),
                    layer.weight(store, Device.cpu(), true).toFloatArray(), 0f);
            assertEquals(new Shape(4, 3), layer.getOutputShapes(new Shape[] {new Shape(4, 2)})[0]);
        }
    }

    @Test
    void rejectsInvalidArguments() {
        NormalInitializer initializer = new NormalInitializer();
        IllegalArgumentException inputs = assertThrows(IllegalArgumentException.class,
                () -> new SpectralLinear(0, 3, true, true, initializer));
        assertTrue(inputs.getMessage().contains("inputs must be at least 1, got 0"),
                inputs.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralLinear(2, -3, true, true, initializer));
        assertThrows(IllegalArgumentException.class,
                () -> new SpectralLinear(2, 3, true, true, null));
    }

    @Test
    void rejectsWrongInputWidth() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralLinear layer = new SpectralLinear(2, 3, true, true, new NormalInitializer());
            layer.initialize(manager, DataType.FLOAT32, new Shape(4, 2));
            ParameterStore store = new ParameterStore(manager, false);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(store, new NDList(manager.ones(new Shape(4, 5))), true));
            assertTrue(error.getMessage().contains("(N, 2)"), error.getMessage());
            assertTrue(error.getMessage().contains("(4, 5)"), error.getMessage());
        }
    }
}
