package io.github.ufskit.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.ufskit.engine.KitEngine;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientPenaltyTest {

    private NDManager manager;
    private GradientPenalty penalty;

    @BeforeEach
    void open() {
        manager = KitEngine.newManager();
        penalty = new GradientPenalty(manager, 10);
    }

    @AfterEach
    void close() {
        penalty.close();
        manager.close();
    }

    /** D(x) = sum_c w_c x_c for images (N, C, 1, 1). */
    private static Function<NDArray, NDArray> linearCritic(NDArray weight) {
        return x -> {
            long batch = x.getShape().get(0);
            return x.reshape(batch, -1).matMul(weight.reshape(-1, 1)).reshape(batch);
        };
    }

    /** D(x) = sum_c w_c x_c^2 for images (N, C, 1, 1). */
    private static Function<NDArray, NDArray> quadraticCritic(NDArray weight) {
        return x -> {
            long batch = x.getShape().get(0);
            return x.square().reshape(batch, -1).matMul(weight.reshape(-1, 1)).reshape(batch);
        };
    }

    @Test
    void linearCriticHasAnalyticPenaltyAndGradient() {
        // grad_x D = w = (3, 4) everywhere, so the penalty is 10 * (5 - 1)^2 = 160 and
        // dP/dw = 2 * 10 * (5 - 1) * w / 5 = (48, 64).
        NDArray weight = manager.create(new float[] {3, 4});
        weight.setRequiresGradient(true);
        NDArray real = manager.randomNormal(new Shape(5, 2, 1, 1));
        NDArray fake = manager.randomNormal(new Shape(5, 2, 1, 1));
        NDArray mixing = manager.randomUniform(0, 1, new Shape(5));
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray result = penalty.compute(linearCritic(weight), real, fake, mixing);
            value = result.getFloat();
            collector.backward(result);
        }
        assertEquals(160f, value, 160e-6f);
        assertArrayEquals(new float[] {48, 64}, weight.getGradient().toFloatArray(), 64e-6f);
    }

    @Test
    void quadraticCriticMatchesSecondDerivative() {
        // One sample x = (1, 2) (real = fake, so every interpolate is x), w = (1, 1).
        // g = grad_x D = 2 w x = (2, 4), |g| = sqrt(20); P = 10 (|g| - 1)^2.
        // dP/dw_c = 2 * 10 * (|g| - 1) * g_c * 2 x_c / |g|.
        double norm = Math.sqrt(20);
        double expectedPenalty = 10 * (norm - 1) * (norm - 1);
        double[] expectedGradient = {
            20 * (norm - 1) * 2 * 2 * 1 / norm, 20 * (norm - 1) * 4 * 2 * 2 / norm
        };
        NDArray weight = manager.create(new float[] {1, 1});
        weight.setRequiresGradient(true);
        NDArray image = manager.create(new float[] {1, 2}, new Shape(1, 2, 1, 1));
        NDArray mixing = manager.create(new float[] {0.3f});
        float value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray result = penalty.compute(quadraticCritic(weight), image, image, mixing);
            value = result.getFloat();
            collector.backward(result);
        }
        assertEquals(expectedPenalty, value, expectedPenalty * 1e-6);
        float[] gradient = weight.getGradient().toFloatArray();
        assertEquals(expectedGradient[0], gradient[0], Math.abs(expectedGradient[0]) * 1e-6);
        assertEquals(expectedGradient[1], gradient[1], Math.abs(expectedGradient[1]) * 1e-6);
    }

    @Test
    void inputGradientLeavesParameterGradientsAlone() {
        NDArray weight = manager.create(new float[] {3, 4});
        weight.setRequiresGradient(true);
        NDArray image = manager.create(new float[] {1, 2}, new Shape(1, 2, 1, 1));
        try (InputGradient inputGradient = new InputGradient(manager);
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray input = image.duplicate();
            input.setRequiresGradient(true);
            NDArray gradient = inputGradient.of(linearCritic(weight).apply(input), input);
            assertArrayEquals(new float[] {3, 4}, gradient.toFloatArray(), 1e-6f);
        }
        assertArrayEquals(new float[] {0, 0}, weight.getGradient().toFloatArray(), 0f);
    }

    @Test
    void penaltyKeepsFloat32() {
        NDArray weight = manager.create(new float[] {3, 4});
        NDArray real = manager.zeros(new Shape(2, 2, 1, 1));
        NDArray mixing = manager.create(new float[] {0.5f, 0.5f});
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray result = penalty.compute(linearCritic(weight), real, real, mixing);
            assertEquals(DataType.FLOAT32, result.getDataType());
        }
    }

    @Test
    void mismatchedBatchesAreRejected() {
        NDArray real = manager.zeros(new Shape(2, 1, 4, 4));
        NDArray fake = manager.zeros(new Shape(3, 1, 4, 4));
        NDArray mixing = manager.zeros(new Shape(2));
        assertThrows(
                IllegalArgumentException.class,
                () -> penalty.compute(x -> x.sum(), real, fake, mixing));
    }

    @Test
    void negativeWeightIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GradientPenalty(manager, -1));
    }
}
