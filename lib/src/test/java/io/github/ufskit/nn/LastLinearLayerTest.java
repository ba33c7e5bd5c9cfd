package io.github.ufskit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class LastLinearLayerTest {

    private static NDArray parameter(LastLinearLayer layer, String name) {
        return layer.getParameters().get(name).getArray();
    }

    @Test
    void spectralWeightIsUnitVector() {
        // For a single-row weight sigma(w) = ||w||: w = (3, 4) gives w / sigma = (0.6, 0.8).
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = new LastLinearLayer(2, true);
            layer.initialize(manager, DataType.FLOAT32, new Shape(3, 2));
            parameter(layer, "weight").set(new float[] {3, 4});
            parameter(layer, "bias").set(new float[] {0.5f});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray features = manager.create(new float[] {1, 0, 0, 1, 5, 5}, new Shape(3, 2));

            NDArray scores = layer.forward(store, new NDList(features), true).singletonOrThrow();
            NDArray u = parameter(layer, "weight_u");
            float[] uBefore = u.toFloatArray();
            NDArray weight = layer.weight(store, features);

            assertArrayEquals(new float[] {1.1f, 1.3f, 7.5f}, scores.toFloatArray(), 1e-5f);
            assertEquals(new Shape(2), weight.getShape());
            assertArrayEquals(new float[] {0.6f, 0.8f}, weight.toFloatArray(), 1e-6f);
            assertArrayEquals(uBefore, u.toFloatArray(), 0f);
        }
    }

    @Test
    void spectralLayerOnFeatureMaps() {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = new LastLinearLayer(2, true);
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            parameter(layer, "weight").set(new float[] {0, -2});
            ParameterStore store = new ParameterStore(manager, false);
            NDArray maps = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 2, 1, 2));
            NDArray scores = layer.forward(store, new NDList(maps), false).singletonOrThrow();
            assertEquals(new Shape(1, 1, 2), scores.getShape());
            assertArrayEquals(new float[] {-3, -4}, scores.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void defaultLayerHasNoVector() {
        assertFalse(new LastLinearLayer(4).getParameters().contains("weight_u"));
        assertTrue(new LastLinearLayer(4, true).getParameters().contains("weight_u"));
    }
}
