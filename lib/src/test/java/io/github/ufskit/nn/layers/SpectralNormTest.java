package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static io.github.ufskit.nn.layers.TorchOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import io.github.ufskit.engine.KitEngine;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

class SpectralNormTest {

    /** Largest singular value by EJML's SVD, independent of the power iteration under test. */
    private static double largestSingularValue(NDArray weight) {
        int rows = (int) weight.getShape().get(0);
        int columns = (int) (weight.getShape().size() / rows);
        float[] values = weight.toFloatArray();
        DMatrixRMaj matrix = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < values.length; i++) {
            matrix.data[i] = values[i];
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(rows, columns, false, false, true);
        assertTrue(svd.decompose(matrix), "EJML's SVD failed");
        return Arrays.stream(svd.getSingularValues()).max().orElseThrow();
    }

    private static void assertUnitLargestSingularValue(
            NDManager manager, NDArray raw, NDArray u) {
        for (int step = 0; step < 200; step++) {
            SpectralNorm.normalize(raw, u, true, manager).close();
        }
        NDArray normalized = SpectralNorm.normalize(raw, u, false, manager);
        assertTrue(largestSingularValue(raw) > 1.5, "the fixture should start far from 1");
        assertEquals(1.0, largestSingularValue(normalized), 1e-3);
    }

    @Test
    void powerIterationConvergesForMatrix() {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(11);
            NDArray raw = manager.randomNormal(new Shape(5, 7));
            NDArray u = SpectralNorm.vector("u", 5).getInitializer()
                    .initialize(manager, new Shape(5), DataType.FLOAT32);
            assertUnitLargestSingularValue(manager, raw, u);
        }
    }

    @Test
    void powerIterationConvergesForKernel() {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(12);
            NDArray raw = manager.randomNormal(new Shape(6, 3, 3, 3));
            NDArray u = SpectralNorm.vector("u", 6).getInitializer()
                    .initialize(manager, new Shape(6), DataType.FLOAT32);
            assertUnitLargestSingularValue(manager, raw, u);
        }
    }

    @Test
    void vectorStartsAsUnitAndIsNotTrained() {
        try (NDManager manager = KitEngine.newManager()) {
            Parameter vector = SpectralNorm.vector("weight_u", 9);
            assertFalse(vector.requiresGradient());
            assertEquals(Parameter.Type.OTHER, vector.getType());
            NDArray u = vector.getInitializer()
                    .initialize(manager, new Shape(9), DataType.FLOAT32);
            assertEquals(1f, u.norm().getFloat(), 1e-6f);
        }
    }

    @Test
    void evaluationLeavesVectorUnchanged() {
        try (NDManager manager = KitEngine.newManager()) {
            SpectralLinear layer =
                    new SpectralLinear(4, 3, true, true, new NormalInitializer(1f));
            layer.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray u = array(layer, "weight_u");
            float[] before = u.toFloatArray();
            NDArray input = manager.randomNormal(new Shape(2, 4));
            for (int step = 0; step < 3; step++) {
                layer.forward(store, new NDList(input), false);
            }
            layer.weight(store, Device.cpu(), false);
            assertArrayEquals(before, u.toFloatArray());

            layer.forward(store, new NDList(input), true);
            assertFalse(Arrays.equals(before, u.toFloatArray()),
                    "a training forward should advance u");
        }
    }

    @Test
    void evaluationUsesStoredVector() {
        // With u fixed, evaluation divides by u^T W v, v = W^T u / ||W^T u||, by hand:
        // W = [[3, 0], [0, 1]], u = (1, 0): v = (1, 0), sigma = 3.
        try (NDManager manager = KitEngine.newManager()) {
            NDArray raw = manager.create(new float[] {3, 0, 0, 1}, new Shape(2, 2));
            NDArray u = manager.create(new float[] {1, 0});
            NDArray normalized = SpectralNorm.normalize(raw, u, false, manager);
            assertArrayEquals(new float[] {1, 0, 0, 1f / 3}, normalized.toFloatArray(), 1e-6f);
            // u = (0, 1) picks the smaller singular value: sigma = 1.
            u = manager.create(new float[] {0, 1});
            normalized = SpectralNorm.normalize(raw, u, false, manager);
            assertArrayEquals(new float[] {3, 0, 0, 1}, normalized.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void normalizeRejectsMismatchedVector() {
        try (NDManager manager = KitEngine.newManager()) {
            NDArray raw = manager.ones(new Shape(4, 3));
            NDArray u = manager.ones(new Shape(3));
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> SpectralNorm.normalize(raw, u, true, manager));
            assertTrue(error.getMessage().contains("(3)"), error.getMessage());
            assertTrue(error.getMessage().contains("(4)"), error.getMessage());
        }
    }

    @Test
    void linearGradientMatchesTorch() throws Exception {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(21);
            SpectralLinear layer =
                    new SpectralLinear(5, 4, true, true, new NormalInitializer(0.5f));
            layer.initialize(manager, DataType.FLOAT32, new Shape(3, 5));
            NDArray first = manager.randomNormal(new Shape(3, 5));
            NDArray second = manager.randomNormal(new Shape(3, 5));
            TorchOracle oracle = oracleInputs(layer, first, second);

            NDArray gradient = twoForwardsOneBackward(manager, layer, first, second);

            double[][] expected = oracle.run(
                    "m = torch.nn.utils.spectral_norm(torch.nn.Linear(5, 4))",
                    "x1, x2 = t('first', 3, 5), t('second', 3, 5)",
                    "w, b, u = t('weight', 4, 5), t('bias', 4), t('u', 4)",
                    TORCH_TWO_FORWARDS);
            assertClose(expected[0], gradient, 1e-4, "weight gradient");
            assertClose(expected[1], array(layer, "weight_u"), 1e-5, "u after two forwards");
        }
    }

    @Test
    void convolutionGradientMatchesTorch() throws Exception {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(22);
            SpectralConv2d layer =
                    new SpectralConv2d(3, 4, 3, 1, true, true, new NormalInitializer(0.3f));
            layer.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 5, 5));
            NDArray first = manager.randomNormal(new Shape(2, 3, 5, 5));
            NDArray second = manager.randomNormal(new Shape(2, 3, 5, 5));
            TorchOracle oracle = oracleInputs(layer, first, second);

            NDArray gradient = twoForwardsOneBackward(manager, layer, first, second);

            double[][] expected = oracle.run(
                    "m = torch.nn.utils.spectral_norm(torch.nn.Conv2d(3, 4, 3, padding=1))",
                    "x1, x2 = t('first', 2, 3, 5, 5), t('second', 2, 3, 5, 5)",
                    "w, b, u = t('weight', 4, 3, 3, 3), t('bias', 4), t('u', 4)",
                    TORCH_TWO_FORWARDS);
            assertClose(expected[0], gradient, 1e-4, "kernel gradient");
            assertClose(expected[1], array(layer, "weight_u"), 1e-5, "u after two forwards");
        }
    }

    @Test
    void embeddingGradientMatchesTorch() throws Exception {
        // torch.nn.utils.spectral_norm treats an nn.Embedding weight (classes, dimension) with
        // dim=0, so u has one entry per class, as SNEmbedID in sngan_projection does.
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(23);
            SpectralEmbedding layer =
                    new SpectralEmbedding(6, 5, true, new NormalInitializer(1f));
            layer.initialize(manager, DataType.FLOAT32, new Shape(4));
            NDArray first = manager.create(new long[] {0, 3, 5, 3});
            NDArray second = manager.create(new long[] {1, 2, 2, 4});
            TorchOracle oracle = new TorchOracle()
                    .put("weight", array(layer, "embedding"))
                    .put("u", array(layer, "embedding_u"))
                    .put("first", first.toType(DataType.FLOAT32, false))
                    .put("second", second.toType(DataType.FLOAT32, false));

            NDArray gradient = twoForwardsOneBackward(manager, layer, first, second);

            double[][] expected = oracle.run(
                    "m = torch.nn.utils.spectral_norm(torch.nn.Embedding(6, 5))",
                    "x1, x2 = t('first', 4).long(), t('second', 4).long()",
                    "w, u = t('weight', 6, 5), t('u', 6)",
                    "with torch.no_grad():",
                    "    m.weight_orig.copy_(w)",
                    "    m.weight_u.copy_(u)",
                    "m.train()",
                    "(m(x1).sum() + (m(x2) ** 2).sum()).backward()",
                    "emit(m.weight_orig.grad)",
                    "emit(m.weight_u)");
            assertClose(expected[0], gradient, 1e-4, "table gradient");
            assertClose(expected[1], array(layer, "embedding_u"), 1e-5, "u after two forwards");
        }
    }

    /** Torch side of the two-forward test for layers with weight_orig, bias and weight_u. */
    private static final String TORCH_TWO_FORWARDS = String.join("\n",
            "with torch.no_grad():",
            "    m.weight_orig.copy_(w)",
            "    m.bias.copy_(b)",
            "    m.weight_u.copy_(u)",
            "m.train()",
            "(m(x1).sum() + (m(x2) ** 2).sum()).backward()",
            "emit(m.weight_orig.grad)",
            "emit(m.weight_u)");

    private static TorchOracle oracleInputs(
            ai.djl.nn.Block layer, NDArray first, NDArray second) {
        return new TorchOracle()
                .put("weight", array(layer, "weight"))
                .put("bias", array(layer, "bias"))
                .put("u", array(layer, "weight_u"))
                .put("first", first)
                .put("second", second);
    }

    /**
     * Runs the real-batch and fake-batch pattern: two training forwards, each advancing u, then
     * one backward of sum(y1) + sum(y2^2). Returns the raw weight's gradient.
     */
    private static NDArray twoForwardsOneBackward(
            NDManager manager, ai.djl.nn.Block layer, NDArray first, NDArray second) {
        ParameterStore store = new ParameterStore(manager, false);
        try (GradientCollector collector = KitEngine.get().newGradientCollector()) {
            NDArray y1 = layer.forward(store, new NDList(first), true).singletonOrThrow();
            NDArray y2 = layer.forward(store, new NDList(second), true).singletonOrThrow();
            collector.backward(y1.sum().add(y2.square().sum()));
        }
        String weightName = layer instanceof SpectralEmbedding ? "embedding" : "weight";
        return array(layer, weightName).getGradient();
    }
}
