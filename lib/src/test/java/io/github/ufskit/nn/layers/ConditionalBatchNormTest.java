package io.github.ufskit.nn.layers;

import static io.github.ufskit.nn.layers.LayerFixtures.array;
import static io.github.ufskit.nn.layers.LayerFixtures.parameter;
import static io.github.ufskit.nn.layers.TorchOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.Test;

class ConditionalBatchNormTest {

    private static final Shape IMAGES = new Shape(5, 3, 4, 4);

    private static NDArray forward(
            ConditionalBatchNorm block, ParameterStore store, NDArray x, NDArray condition,
            boolean training) {
        return block.forward(store, new NDList(x, condition), training).singletonOrThrow();
    }

    @Test
    void classEmbeddingMatchesTorchBatchNorm() throws Exception {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(31);
            ConditionalBatchNorm block = ConditionalBatchNorm.classEmbedding(3, 4);
            block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(5));
            array(block, "gain_embedding").set(manager.randomUniform(0.5f, 1.5f,
                    new Shape(4, 3)).toFloatArray());
            array(block, "bias_embedding").set(manager.randomNormal(new Shape(4, 3))
                    .toFloatArray());
            NDArray x1 = manager.randomNormal(2f, 3f, IMAGES, DataType.FLOAT32);
            NDArray x2 = manager.randomNormal(-1f, 0.5f, IMAGES, DataType.FLOAT32);
            NDArray x3 = manager.randomNormal(IMAGES);
            NDArray l1 = manager.create(new long[] {0, 1, 2, 3, 1});
            NDArray l2 = manager.create(new long[] {3, 3, 0, 2, 2});
            NDArray l3 = manager.create(new long[] {1, 0, 0, 3, 2});
            TorchOracle oracle = new TorchOracle()
                    .put("gain", array(block, "gain_embedding"))
                    .put("bias", array(block, "bias_embedding"))
                    .put("x1", x1).put("x2", x2).put("x3", x3)
                    .put("l1", l1.toType(DataType.FLOAT32, false))
                    .put("l2", l2.toType(DataType.FLOAT32, false))
                    .put("l3", l3.toType(DataType.FLOAT32, false));

            ParameterStore store = new ParameterStore(manager, false);
            NDArray y1 = forward(block, store, x1, l1, true);
            NDArray y2 = forward(block, store, x2, l2, true);
            NDArray y3 = forward(block, store, x3, l3, false);

            double[][] expected = oracle.run(
                    "gain, bias = t('gain', 4, 3), t('bias', 4, 3)",
                    "mean, var = torch.zeros(3), torch.ones(3)",
                    "def cbn(x, labels, training):",
                    "    y = F.batch_norm(x, mean, var, training=training, momentum=0.1,"
                            + " eps=1e-5)",
                    "    labels = labels.long()",
                    "    return y * gain[labels][:, :, None, None]"
                            + " + bias[labels][:, :, None, None]",
                    "shape = (5, 3, 4, 4)",
                    "emit(cbn(t('x1', *shape), t('l1', 5), True))",
                    "emit(cbn(t('x2', *shape), t('l2', 5), True))",
                    "emit(mean)",
                    "emit(var)",
                    "emit(cbn(t('x3', *shape), t('l3', 5), False))");
            assertClose(expected[0], y1, 1e-4, "first training output");
            assertClose(expected[1], y2, 1e-4, "second training output");
            assertClose(expected[2], array(block, "runningMean"), 1e-5, "running mean");
            assertClose(expected[3], array(block, "runningVar"), 1e-5, "running variance");
            assertClose(expected[4], y3, 1e-4, "evaluation output");
        }
    }

    @Test
    void projectedMatchesTorchWithSpectralNorm() throws Exception {
        try (NDManager manager = KitEngine.newManager()) {
            Engine.getEngine(KitEngine.ENGINE_NAME).setRandomSeed(32);
            ConditionalBatchNorm block = ConditionalBatchNorm.projected(3, 6, true);
            block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(5, 6));
            NDArray x1 = manager.randomNormal(1f, 2f, IMAGES, DataType.FLOAT32);
            NDArray x2 = manager.randomNormal(IMAGES);
            NDArray x3 = manager.randomNormal(IMAGES);
            NDArray c1 = manager.randomNormal(new Shape(5, 6));
            NDArray c2 = manager.randomNormal(new Shape(5, 6));
            NDArray c3 = manager.randomNormal(new Shape(5, 6));
            TorchOracle oracle = new TorchOracle()
                    .put("gw", array(block, "gain_weight")).put("gu", array(block, "gain_weight_u"))
                    .put("bw", array(block, "bias_weight")).put("bu", array(block, "bias_weight_u"))
                    .put("x1", x1).put("x2", x2).put("x3", x3)
                    .put("c1", c1).put("c2", c2).put("c3", c3);

            ParameterStore store = new ParameterStore(manager, false);
            NDArray y1 = forward(block, store, x1, c1, true);
            NDArray y2 = forward(block, store, x2, c2, true);
            NDArray y3 = forward(block, store, x3, c3, false);

            double[][] expected = oracle.run(
                    "sn = torch.nn.utils.spectral_norm",
                    "gain, bias = sn(torch.nn.Linear(6, 3, bias=False)),"
                            + " sn(torch.nn.Linear(6, 3, bias=False))",
                    "with torch.no_grad():",
                    "    gain.weight_orig.copy_(t('gw', 3, 6)); gain.weight_u.copy_(t('gu', 3))",
                    "    bias.weight_orig.copy_(t('bw', 3, 6)); bias.weight_u.copy_(t('bu', 3))",
                    "mean, var = torch.zeros(3), torch.ones(3)",
                    "def cbn(x, g, b, training):",
                    "    y = F.batch_norm(x, mean, var, training=training, momentum=0.1,"
                            + " eps=1e-5)",
                    "    return y * (1 + g)[:, :, None, None] + b[:, :, None, None]",
                    "def evaluated(layer, c):",
                    "    # W / (u^T W v) with v = normalize(W^T u) from the stored u",
                    "    w, u = layer.weight_orig, layer.weight_u",
                    "    v = F.normalize(w.t() @ u, dim=0, eps=1e-12)",
                    "    return c @ (w / (u @ w @ v)).t()",
                    "shape = (5, 3, 4, 4)",
                    "c1, c2, c3 = t('c1', 5, 6), t('c2', 5, 6), t('c3', 5, 6)",
                    "emit(cbn(t('x1', *shape), gain(c1), bias(c1), True))",
                    "emit(cbn(t('x2', *shape), gain(c2), bias(c2), True))",
                    "emit(mean)",
                    "emit(var)",
                    "emit(cbn(t('x3', *shape), evaluated(gain, c3), evaluated(bias, c3), False))",
                    "emit(gain.weight_u)");
            assertClose(expected[0], y1, 1e-4, "first training output");
            assertClose(expected[1], y2, 1e-4, "second training output");
            assertClose(expected[2], array(block, "runningMean"), 1e-5, "running mean");
            assertClose(expected[3], array(block, "runningVar"), 1e-5, "running variance");
            assertClose(expected[4], y3, 1e-4, "evaluation output");
            assertClose(expected[5], array(block, "gain_weight_u"), 1e-5, "gain u");
        }
    }

    @Test
    void freshClassEmbeddingIsPlainBatchNorm() {
        // Gain rows start at 1 and bias rows at 0, so each channel of the output has mean 0 and
        // biased variance 1 / (1 + 1e-5 / var) over (N, H, W).
        try (NDManager manager = KitEngine.newManager()) {
            ConditionalBatchNorm block = ConditionalBatchNorm.classEmbedding(3, 4);
            block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(5));
            NDArray x = manager.randomNormal(3f, 2f, IMAGES, DataType.FLOAT32);
            NDArray labels = manager.create(new long[] {0, 1, 2, 3, 0});
            NDArray y = forward(block, new ParameterStore(manager, false), x, labels, true);
            NDArray perChannel = y.transpose(1, 0, 2, 3).reshape(3, -1);
            float[] means = perChannel.mean(new int[] {1}).toFloatArray();
            float[] variances = perChannel.square().mean(new int[] {1}).toFloatArray();
            for (int channel = 0; channel < 3; channel++) {
                assertEquals(0f, means[channel], 1e-5f, "mean of channel " + channel);
                assertEquals(1f, variances[channel], 1e-4f, "variance of channel " + channel);
            }
        }
    }

    @Test
    void runningStatisticsAreUntrainedTypes() {
        ConditionalBatchNorm block = ConditionalBatchNorm.projected(3, 6, false);
        Parameter mean = parameter(block, "runningMean");
        Parameter variance = parameter(block, "runningVar");
        assertEquals(Parameter.Type.RUNNING_MEAN, mean.getType());
        assertEquals(Parameter.Type.RUNNING_VAR, variance.getType());
        assertFalse(mean.requiresGradient());
        assertFalse(variance.requiresGradient());
    }

    @Test
    void outputKeepsInputShape() {
        ConditionalBatchNorm block = ConditionalBatchNorm.projected(3, 6, false);
        Shape[] output = block.getOutputShapes(new Shape[] {IMAGES, new Shape(5, 6)});
        assertEquals(IMAGES, output[0]);
    }

    @Test
    void rejectsInvalidInputs() {
        try (NDManager manager = KitEngine.newManager()) {
            ConditionalBatchNorm block = ConditionalBatchNorm.classEmbedding(3, 4);
            block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(5));
            ParameterStore store = new ParameterStore(manager, false);
            NDArray x = manager.randomNormal(IMAGES);

            IllegalArgumentException badLabel = assertThrows(IllegalArgumentException.class,
                    () -> forward(block, store, x, manager.create(new long[] {0, 1, 4, 2, 0}),
                            true));
            assertTrue(badLabel.getMessage().contains("label 4"), badLabel.getMessage());

            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> forward(block, store, x, manager.create(new long[] {0, -2, 1, 2, 0}),
                            true));
            assertTrue(negative.getMessage().contains("label -2"), negative.getMessage());

            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> forward(block, store, x, manager.create(new long[] {0, 1}), true));
            assertTrue(count.getMessage().contains("5 images but 2"), count.getMessage());

            IllegalArgumentException channels = assertThrows(IllegalArgumentException.class,
                    () -> forward(block, store, manager.randomNormal(new Shape(5, 2, 4, 4)),
                            manager.create(new long[] {0, 1, 2, 3, 0}), true));
            assertTrue(channels.getMessage().contains("(N, 3, H, W)"), channels.getMessage());
        }
    }

    @Test
    void projectedRejectsConditionSize() {
        try (NDManager manager = KitEngine.newManager()) {
            ConditionalBatchNorm block = ConditionalBatchNorm.projected(3, 6, false);
            block.initialize(manager, DataType.FLOAT32, IMAGES, new Shape(5, 6));
            ParameterStore store = new ParameterStore(manager, false);
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> forward(block, store, manager.randomNormal(IMAGES),
                            manager.randomNormal(new Shape(5, 7)), true));
            assertTrue(error.getMessage().contains("(N, 6)"), error.getMessage());
        }
    }

    @Test
    void factoriesRejectNonPositiveSizes() {
        assertThrows(IllegalArgumentException.class,
                () -> ConditionalBatchNorm.classEmbedding(0, 10));
        assertThrows(IllegalArgumentException.class,
                () -> ConditionalBatchNorm.classEmbedding(8, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConditionalBatchNorm.projected(8, -1, true));
    }
}
