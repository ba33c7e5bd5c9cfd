package io.github.ufskit.nn.sngan;

import static io.github.ufskit.nn.NetworkAssertions.assertEveryParameterHasGradient;
import static io.github.ufskit.nn.NetworkAssertions.parameterNamed;
import static io.github.ufskit.nn.NetworkAssertions.trainableParameters;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.SplitCritic;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnganDiscriminatorTest {

    /** Features Y (3, 4) for the projection checks. */
    private static final float[] FEATURES = {1, 2, 3, 4, 0.5f, -1, 2, 0, 2, 2, -1, 1};

    /** Labels of the three feature rows. */
    private static final long[] LABELS = {0, 1, 2};

    @Test
    void resolution32ShapesAtSmallWidth() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(8, 0);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(3, 3, 32, 32));
            assertShapes(critic, store, images, null, 8, 8);
            assertEquals(
                    new Shape(8),
                    critic.effectiveWeight(store, features(manager, 3, 8), null).getShape());
        }
    }

    @Test
    void resolution64ShapesAtSmallWidth() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution64(2, 5);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            NDArray labels = manager.create(new long[] {4, 0});
            assertShapes(critic, store, images, labels, 32, 2);
            assertEquals(5, critic.classCount());
        }
    }

    @Test
    void paperWidthsScoreImages() {
        try (NDManager manager = KitEngine.newManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            SnganDiscriminator cifar = SnganDiscriminator.resolution32(128, 10);
            cifar.initialize(manager);
            NDArray small = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
            assertShapes(cifar, store, small, manager.create(new long[] {0, 9}), 128, 8);
            SnganDiscriminator dogsAndCats = SnganDiscriminator.resolution64(64, 143);
            dogsAndCats.initialize(manager);
            NDArray large = manager.randomUniform(-1, 1, new Shape(2, 3, 64, 64));
            assertShapes(dogsAndCats, store, large, manager.create(new long[] {0, 142}), 1024, 2);
        }
    }

    /** Checks features (N, K), featureMap (N, K, side, side) and scores (N) of a critic. */
    static void assertShapes(
            SplitCritic critic,
            ParameterStore store,
            NDArray images,
            NDArray labels,
            int channels,
            int side) {
        long batch = images.getShape().get(0);
        NDArray map = critic.featureMap(store, images, true);
        assertEquals(new Shape(batch, channels, side, side), map.getShape());
        assertTrue(map.min().getFloat() >= 0f, "the feature map is not ReLU'd");
        NDArray features = critic.features(store, images, false);
        assertEquals(new Shape(batch, channels), features.getShape());
        assertEquals(new Shape(batch), critic.score(store, features, labels, true).getShape());
        NDList inputs = labels == null ? new NDList(images) : new NDList(images, labels);
        assertEquals(
                new Shape(batch),
                critic.forward(store, inputs, true).singletonOrThrow().getShape());
        assertEquals(new Shape(channels), critic.lastLayerWeight(store, features).getShape());
    }

    @Test
    void featuresAreSumPooledFeatureMap() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(4, 0);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
            NDArray map = critic.featureMap(store, images, false);
            NDArray features = critic.features(store, images, false);
            // Sum, not mean, over the 8 x 8 positions, as both references pool.
            float[] bySum = map.reshape(2, 4, 64).sum(new int[] {2}).toFloatArray();
            assertArrayEquals(bySum, features.toFloatArray(), 1e-4f);
        }
    }

    @Test
    void parameterCountsMatchReference() {
        // Counted by hand from sngan_projection dis_models/snresnet_32.py and resblocks.py; a
        // later block keeps the input width inside (hidden_channels = in_channels).
        // 32 x 32, ch 128: optimized block 3*128*9+128 + 128*128*9+128 + 3*128+128 = 151,680;
        // downsampling block 2*147,584 + 128*128+128 = 311,680; two blocks 2*295,168; l5
        // 128 weights without bias (nobias=True). Reference total 1,053,824; this critic keeps
        // D_L's bias: 1,053,825. The projection embedding for CIFAR-10 adds 10*128: 1,055,105.
        // 64 x 64, ch 64 (snresnet_64.py): optimized 1,792 + 36,928 + 256 = 38,976; 64->128:
        // 36,928 + 73,856 + 8,320 = 119,104; 128->256: 475,776; 256->512: 1,901,824;
        // 512->1024: 7,604,736; l6 1024 + 1 bias. Total 10,141,441; with the 143-class
        // embedding 143*1024 = 146,432: 10,287,873.
        try (NDManager manager = KitEngine.newManager()) {
            assertEquals(1_053_825, countOf(manager, SnganDiscriminator.resolution32(128, 0)));
            assertEquals(1_055_105, countOf(manager, SnganDiscriminator.resolution32(128, 10)));
            assertEquals(10_141_441, countOf(manager, SnganDiscriminator.resolution64(64, 0)));
            assertEquals(10_287_873, countOf(manager, SnganDiscriminator.resolution64(64, 143)));
        }
    }

    private static long countOf(NDManager manager, SnganDiscriminator critic) {
        critic.initialize(manager);
        return trainableParameters(critic);
    }

    @Test
    void initializationFollowsReference() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(64, 10);
            critic.initialize(manager);
            // Residual 3x3 64->64 with gain sqrt(2); shortcut 3->64 1x1 with gain 1; D_L (1, 64)
            // and the embedding (10, 64) with gain 1.
            SnganGeneratorTest.assertBound(
                    parameterNamed(critic, "block2_conv1_weight").getArray(),
                    Math.sqrt(12.0 / 1152));
            SnganGeneratorTest.assertBound(
                    parameterNamed(critic, "block1_shortcut_weight").getArray(),
                    Math.sqrt(6.0 / 67));
            SnganGeneratorTest.assertBound(
                    parameterNamed(critic, "head_last_weight").getArray(), Math.sqrt(6.0 / 65));
            SnganGeneratorTest.assertBound(
                    parameterNamed(critic, "head_embedding_embedding").getArray(),
                    Math.sqrt(6.0 / 74));
        }
    }

    /**
     * Builds a critic with K = 4 and 3 classes whose D_L weight and class table have spectral
     * norms known in closed form: w = (3, 4, 0, 0) has sigma 5, and the table a d^T with a = (1,
     * -2, 2) and d = (1, 2, 0, 0) has rank 1 and sigma |a| |d| = 3 sqrt(5). One power iteration
     * from any start u finds a rank-1 matrix's sigma exactly.
     */
    private static SnganDiscriminator handSetCritic(NDManager manager) {
        SnganDiscriminator critic = SnganDiscriminator.resolution32(4, 3);
        critic.initialize(manager);
        parameterNamed(critic, "head_last_weight").getArray().set(new float[] {3, 4, 0, 0});
        parameterNamed(critic, "head_last_bias").getArray().set(new float[] {0.25f});
        parameterNamed(critic, "head_embedding_embedding")
                .getArray()
                .set(new float[] {1, 2, 0, 0, -2, -4, 0, 0, 2, 4, 0, 0});
        return critic;
    }

    /** Returns w / 5 + e_y / (3 sqrt 5) for each label, by hand. */
    private static float[][] handEffectiveWeights() {
        double tableSigma = 3 * Math.sqrt(5);
        double[] a = {1, -2, 2};
        float[][] rows = new float[3][];
        for (int y = 0; y < 3; y++) {
            rows[y] =
                    new float[] {
                        (float) (3 / 5.0 + a[y] / tableSigma),
                        (float) (4 / 5.0 + 2 * a[y] / tableSigma),
                        0,
                        0
                    };
        }
        return rows;
    }

    @Test
    void projectionScoreMatchesHandComputation() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = handSetCritic(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray features = manager.create(FEATURES, new Shape(3, 4));
            NDArray labels = manager.create(LABELS);
            float[][] weights = handEffectiveWeights();
            float[] expected = new float[3];
            for (int n = 0; n < 3; n++) {
                for (int k = 0; k < 4; k++) {
                    expected[n] += weights[n][k] * FEATURES[4 * n + k];
                }
                expected[n] += 0.25f;
            }
            // Row 0 by hand: (0.6 + 1/(3 sqrt 5)) * 1 + (0.8 + 2/(3 sqrt 5)) * 2 + 0.25.
            assertEquals(2.2 + 5 / (3 * Math.sqrt(5)) + 0.25, expected[0], 1e-6);
            float[] scores = critic.score(store, features, labels, true).toFloatArray();
            assertArrayEquals(expected, scores, 1e-5f);
            // D_L alone: w . Y / 5 + b = (3 Y_0 + 4 Y_1) / 5 + 0.25.
            float[] unconditional = critic.score(store, features, true).toFloatArray();
            assertArrayEquals(new float[] {2.45f, -0.25f, 3.05f}, unconditional, 1e-5f);
        }
    }

    @Test
    void effectiveWeightGivesProjectionScore() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = handSetCritic(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray features = manager.create(FEATURES, new Shape(3, 4));
            NDArray labels = manager.create(LABELS);
            // One training forward moves every u onto the singular vector, so that the
            // evaluation reads below see the exact sigma.
            critic.score(store, features, labels, true);
            NDArray effective = critic.effectiveWeight(store, features, labels);
            assertEquals(new Shape(3, 4), effective.getShape());
            float[][] weights = handEffectiveWeights();
            for (int n = 0; n < 3; n++) {
                assertArrayEquals(weights[n], effective.get(n).toFloatArray(), 1e-5f);
            }
            float[] viaWeight =
                    effective.mul(features).sum(new int[] {1}).add(0.25f).toFloatArray();
            float[] scores = critic.score(store, features, labels, false).toFloatArray();
            assertArrayEquals(scores, viaWeight, 1e-5f);
        }
    }

    @Test
    void effectiveWeightKeepsPowerIterationVectors() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(4, 3);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(3, 3, 32, 32));
            NDArray labels = manager.create(LABELS);
            NDArray features = critic.features(store, images, true);
            List<float[]> before = vectors(critic);
            critic.effectiveWeight(store, features, labels);
            critic.lastLayerWeight(store, features);
            List<float[]> after = vectors(critic);
            assertEquals(before.size(), after.size());
            assertTrue(before.size() >= 2, "expected u vectors of D_L and the embedding");
            for (int i = 0; i < before.size(); i++) {
                assertArrayEquals(before.get(i), after.get(i), "u vector " + i + " moved");
            }
            critic.score(store, features, labels, true);
            assertTrue(differs(before, vectors(critic)), "a training score must advance u");
        }
    }

    private static List<float[]> vectors(SplitCritic critic) {
        List<float[]> vectors = new ArrayList<>();
        for (Pair<String, Parameter> pair : critic.getParameters()) {
            if (pair.getKey().endsWith("_u")) {
                vectors.add(pair.getValue().getArray().toFloatArray());
            }
        }
        return vectors;
    }

    private static boolean differs(List<float[]> first, List<float[]> second) {
        for (int i = 0; i < first.size(); i++) {
            if (!java.util.Arrays.equals(first.get(i), second.get(i))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void hingeLossReachesEveryParameter() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution64(2, 3);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray real = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            NDArray fake = manager.randomUniform(-1, 1, new Shape(3, 3, 64, 64));
            NDArray labels = manager.create(LABELS);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray realScores =
                        critic.forward(store, new NDList(real, labels), true).singletonOrThrow();
                NDArray fakeScores =
                        critic.forward(store, new NDList(fake, labels), true).singletonOrThrow();
                NDArray loss =
                        realScores
                                .neg()
                                .add(1)
                                .maximum(0)
                                .mean()
                                .add(fakeScores.add(1).maximum(0).mean());
                collector.backward(loss);
            }
            // The hinge loss moves b by (fake scores in the margin - real ones in it) / N, which is
            // 0 while every score lies in (-1, 1), as at initialization.
            assertEveryParameterHasGradient(critic, "head_last_bias");
        }
    }

    @Test
    void invalidInputsAreRejected() {
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(4, 3);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            NDArray images = manager.randomUniform(-1, 1, new Shape(2, 3, 32, 32));
            String missing =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> critic.forward(store, new NDList(images), false))
                            .getMessage();
            assertTrue(missing.contains("no labels"), missing);
            NDArray badLabels = manager.create(new long[] {1, -1});
            String outOfRange =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () ->
                                            critic.forward(
                                                    store, new NDList(images, badLabels), false))
                            .getMessage();
            assertTrue(outOfRange.contains("label -1"), outOfRange);
            NDArray gray = manager.zeros(new Shape(2, 1, 32, 32));
            String wrongShape =
                    assertThrows(
                                    IllegalArgumentException.class,
                                    () -> critic.features(store, gray, false))
                            .getMessage();
            assertTrue(
                    wrongShape.contains("(N, 3, 32, 32)") && wrongShape.contains("(2, 1, 32, 32)"),
                    wrongShape);
            NDArray map = critic.featureMap(store, images, false);
            assertThrows(
                    IllegalArgumentException.class,
                    () -> critic.score(store, map, manager.create(new long[] {0, 1}), false));
        }
    }

    private static NDArray features(NDManager manager, int batch, int channels) {
        return manager.randomUniform(0, 1, new Shape(batch, channels));
    }
}
