package io.github.ufskit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.LastLinearLayer;
import org.junit.jupiter.api.Test;

class AdamTest {

    /** Builds D_L with weight (1, 2) and bias 0, and runs a backward pass of sum(D_L(x)). */
    private static LastLinearLayer layerWithGradient(NDManager manager, float[] input) {
        LastLinearLayer layer = new LastLinearLayer(2);
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, 2));
        layer.getParameters().get("weight").getArray().set(new float[] {1, 2});
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = manager.create(input, new Shape(1, 2));
            collector.backward(layer.forward(store, new NDList(x), true).singletonOrThrow().sum());
        }
        return layer;
    }

    @Test
    void firstStepMovesByLearningRateTimesSign() {
        // After one update m_hat = g and v_hat = g^2, so w moves by lr * g / (|g| + eps).
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = layerWithGradient(manager, new float[] {0.5f, -2});
            try (Adam adam = new Adam(manager, layer, 0.5, 0.9, 1e-8)) {
                adam.step(0.1);
                NDArray weight = layer.getParameters().get("weight").getArray();
                assertArrayEquals(new float[] {0.9f, 2.1f}, weight.toFloatArray(), 1e-6f);
                // The bias had gradient 1: it moves by -0.1.
                NDArray bias = layer.getParameters().get("bias").getArray();
                assertArrayEquals(new float[] {-0.1f}, bias.toFloatArray(), 1e-6f);
                assertEquals(1, adam.updates());
            }
        }
    }

    @Test
    void stepZeroesGradients() {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = layerWithGradient(manager, new float[] {0.5f, -2});
            try (Adam adam = new Adam(manager, layer, 0, 0.9, 1e-8)) {
                adam.step(0.1);
                NDArray gradient = layer.getParameters().get("weight").getArray().getGradient();
                assertArrayEquals(new float[] {0, 0}, gradient.toFloatArray(), 0f);
            }
        }
    }

    @Test
    void secondStepUsesMoments() {
        // beta1 0.5, beta2 0.5, gradient 1 then 3 on one weight:
        // m = 0.5*0.5 + 0.5*3 = 1.75, m_hat = 1.75 / 0.75; v = 0.25 + 4.5 = 4.75, v_hat = 4.75/0.75.
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = layerWithGradient(manager, new float[] {1, 0});
            try (Adam adam = new Adam(manager, layer, 0.5, 0.5, 1e-8)) {
                adam.step(0.1);
                float afterFirst = layer.getParameters().get("weight").getArray().toFloatArray()[0];
                ParameterStore store = new ParameterStore(manager, false);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray x = manager.create(new float[] {3, 0}, new Shape(1, 2));
                    collector.backward(
                            layer.forward(store, new NDList(x), true).singletonOrThrow().sum());
                }
                adam.step(0.1);
                float afterSecond =
                        layer.getParameters().get("weight").getArray().toFloatArray()[0];
                double expectedMove = 0.1 * (1.75 / 0.75) / Math.sqrt(4.75 / 0.75);
                assertEquals(0.9f, afterFirst, 1e-6f);
                assertEquals(0.9 - expectedMove, afterSecond, 1e-6);
            }
        }
    }

    @Test
    void savedStateRestoresMoments() {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = layerWithGradient(manager, new float[] {0.5f, -2});
            try (Adam adam = new Adam(manager, layer, 0.5, 0.9, 1e-8);
                    Adam copy = new Adam(manager, layer, 0.5, 0.9, 1e-8)) {
                adam.step(0.1);
                byte[] state = adam.save();
                copy.load(state);
                assertEquals(1, copy.updates());
                assertArrayEquals(state, copy.save());
            }
        }
    }

    @Test
    void invalidBetasAreRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            LastLinearLayer layer = layerWithGradient(manager, new float[] {1, 1});
            assertThrows(IllegalArgumentException.class, () -> new Adam(manager, layer, 1, 0.9, 1e-8));
        }
    }
}
