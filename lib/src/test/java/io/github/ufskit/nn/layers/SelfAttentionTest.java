package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static io.github.ufskit.nn.layers.TorchOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class SelfAttentionTest {

    private static final Shape INPUT = new Shape(2, 16, 4, 6);

    @Test
    void forwardMatchesTorch() throws Exception {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(41);
            SelfAttention block = new SelfAttention(16, false);
            block.initialize(manager, DataType.FLOAT32, INPUT);
            array(block, "gamma").set(new float[] {0.7f});
            NDArray x = manager.randomNormal(INPUT);
            TorchOracle oracle = new TorchOracle()
                    .put("theta", array(block, "theta_weight"))
                    .put("phi", array(block, "phi_weight"))
                    .put("g", array(block, "g_weight"))
                    .put("o", array(block, "o_weight"))
                    .put("x", x);

            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), false)
                    .singletonOrThrow();

            // SAGAN's attention written out with torch's own conv, pool, bmm and softmax.
            double[][] expected = oracle.run(
                    "x = t('x', 2, 16, 4, 6)",
                    "theta = F.conv2d(x, t('theta', 2, 16, 1, 1)).reshape(2, 2, 24)",
                    "phi = F.max_pool2d(F.conv2d(x, t('phi', 2, 16, 1, 1)), 2).reshape(2, 2, 6)",
                    "g = F.max_pool2d(F.conv2d(x, t('g', 8, 16, 1, 1)), 2).reshape(2, 8, 6)",
                    "attention = torch.softmax(theta.transpose(1, 2) @ phi, dim=-1)",
                    "mixed = (g @ attention.transpose(1, 2)).reshape(2, 8, 4, 6)",
                    "emit(x + 0.7 * F.conv2d(mixed, t('o', 16, 8, 1, 1)))");
            assertEquals(INPUT, y.getShape());
            assertClose(expected[0], y, 1e-5, "attention output");
        }
    }

    @Test
    void freshBlockIsIdentityAndTrainsGamma() {
        try (NDManager manager = KitEngine.newManager()) {
            SelfAttention block = new SelfAttention(16, true);
            block.initialize(manager, DataType.FLOAT32, INPUT);
            NDArray x = manager.randomNormal(INPUT);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray y;
            try (GradientCollector collector = KitEngine.get().newGradientCollector()) {
                y = block.forward(store, new NDList(x), true).singletonOrThrow();
                collector.backward(y.square().sum());
            }
            assertArrayEquals(x.toFloatArray(), y.toFloatArray(), 0f);
            NDArray gammaGradient = array(block, "gamma").getGradient();
            assertNotNull(gammaGradient);
            assertTrue(Math.abs(gammaGradient.getFloat()) > 0f, "gamma should get a gradient");
        }
    }

    @Test
    void convolutionsHaveNoBiasAndExpectedShapes() {
        try (NDManager manager = KitEngine.newManager()) {
            SelfAttention block = new SelfAttention(32, true);
            block.initialize(manager, DataType.FLOAT32, new Shape(1, 32, 8, 8));
            assertEquals(new Shape(4, 32, 1, 1), array(block, "theta_weight").getShape());
            assertEquals(new Shape(4, 32, 1, 1), array(block, "phi_weight").getShape());
            assertEquals(new Shape(16, 32, 1, 1), array(block, "g_weight").getShape());
            assertEquals(new Shape(32, 16, 1, 1), array(block, "o_weight").getShape());
            assertEquals(new Shape(1), array(block, "gamma").getShape());
            boolean anyBias = block.getParameters().keys().stream()
                    .anyMatch(name -> name.endsWith("bias"));
            assertTrue(!anyBias, "attention convolutions have no bias");
            Shape output = block.getOutputShapes(new Shape[] {new Shape(3, 32, 8, 8)})[0];
            assertEquals(new Shape(3, 32, 8, 8), output);
        }
    }

    @Test
    void rejectsChannelsNotDivisibleByEight() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SelfAttention(12, true));
        assertTrue(error.getMessage().contains("divisible by 8"), error.getMessage());
        assertTrue(error.getMessage().contains("got 12"), error.getMessage());
    }

    @Test
    void rejectsOddResolution() {
        try (NDManager manager = KitEngine.newManager()) {
            SelfAttention block = new SelfAttention(16, false);
            block.initialize(manager, DataType.FLOAT32, INPUT);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray odd = manager.randomNormal(new Shape(2, 16, 5, 6));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> block.forward(store, new NDList(odd), false));
            assertTrue(error.getMessage().contains("even height and width"), error.getMessage());
            assertTrue(error.getMessage().contains("(2, 16, 5, 6)"), error.getMessage());
        }
    }

    @Test
    void rejectsWrongChannelCount() {
        try (NDManager manager = KitEngine.newManager()) {
            SelfAttention block = new SelfAttention(16, false);
            block.initialize(manager, DataType.FLOAT32, INPUT);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray wrong = manager.randomNormal(new Shape(2, 8, 4, 4));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> block.forward(store, new NDList(wrong), false));
            assertTrue(error.getMessage().contains("(N, 16, H, W)"), error.getMessage());
        }
    }
}
