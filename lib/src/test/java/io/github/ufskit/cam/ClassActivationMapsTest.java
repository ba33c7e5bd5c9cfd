package io.github.ufskit.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.github.ufskit.cam.ClassActivationMaps.Kind;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.SplitCritic;
import io.github.ufskit.nn.wgangp.ResNetCritic;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ClassActivationMapsTest {

    /** alpha 0, beta 1, epsilon 1: S = 1 - clamp(R, 0, 1). */
    private static final SuppressionSettings DISMISS = SuppressionSettings.of(0, 1, 1, 1e-4);

    /** F of one image: channel 0 = [[1, 2], [3, 4]], channel 1 = [[0, 1], [-1, 2]]. */
    private static final float[] ONE_MAP = {1, 2, 3, 4, 0, 1, -1, 2};

    private static NDManager manager;

    @BeforeAll
    static void startEngine() {
        manager = KitEngine.newManager();
    }

    @AfterAll
    static void closeManager() {
        manager.close();
    }

    private static NDArray array(float[] values, long... shape) {
        return manager.create(values, new Shape(shape));
    }

    private static void assertMap(float[][] expected, float[][] actual, String label) {
        assertEquals(expected.length, actual.length, label + " rows");
        for (int row = 0; row < expected.length; row++) {
            assertArrayEquals(expected[row], actual[row], 1e-6f, label + " row " + row);
        }
    }

    @Test
    void mapsMatchHandValues() {
        // w * F: channel 0 = [[2, 4], [6, 8]], channel 1 = [[0, -1], [1, -2]].
        // S = (0.5, 0.25): CAM_UFS = 0.5 * channel 0 + 0.25 * channel 1,
        // CAM_SUP = 0.5 * channel 0 + 0.75 * channel 1.
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(ONE_MAP, 1, 2, 2, 2),
                        array(new float[] {2, -1}, 2),
                        array(new float[] {0.5f, 0.25f}, 1, 2));

        assertEquals(1, maps.count());
        assertEquals(2, maps.height());
        assertEquals(2, maps.width());
        assertMap(new float[][] {{2, 3}, {7, 6}}, maps.map(Kind.CAM, 0), "CAM");
        assertMap(new float[][] {{1, 1.75f}, {3.25f, 3.5f}}, maps.map(Kind.CAM_UFS, 0), "UFS");
        assertMap(new float[][] {{1, 1.25f}, {3.75f, 2.5f}}, maps.map(Kind.CAM_SUP, 0), "SUP");
    }

    @Test
    void camIsExactSumOfParts() {
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(ONE_MAP, 1, 2, 2, 2),
                        array(new float[] {2, -1}, 2),
                        array(new float[] {0.5f, 0.25f}, 1, 2));
        float[][] cam = maps.map(Kind.CAM, 0);
        float[][] camUfs = maps.map(Kind.CAM_UFS, 0);
        float[][] camSup = maps.map(Kind.CAM_SUP, 0);
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 2; column++) {
                assertEquals(cam[row][column], camUfs[row][column] + camSup[row][column], 0f);
            }
        }
    }

    @Test
    void camIsSumOfPartsOnRandomValues() {
        Random random = new Random(7);
        float[] features = new float[3 * 5 * 4 * 6];
        float[] weight = new float[3 * 5];
        float[] factors = new float[3 * 5];
        for (int i = 0; i < features.length; i++) {
            features[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < weight.length; i++) {
            weight[i] = (float) random.nextGaussian();
            factors[i] = random.nextFloat();
        }
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(features, 3, 5, 4, 6),
                        array(weight, 3, 5),
                        array(factors, 3, 5));
        for (int sample = 0; sample < 3; sample++) {
            float[][] cam = maps.map(Kind.CAM, sample);
            float[][] camUfs = maps.map(Kind.CAM_UFS, sample);
            float[][] camSup = maps.map(Kind.CAM_SUP, sample);
            for (int row = 0; row < 4; row++) {
                for (int column = 0; column < 6; column++) {
                    // Each map is rounded to float once, so the sum is within two roundings.
                    float tolerance = 1e-6f * (1 + Math.abs(cam[row][column]));
                    assertEquals(
                            cam[row][column],
                            camUfs[row][column] + camSup[row][column],
                            tolerance);
                }
            }
        }
    }

    @Test
    void perSampleWeightUsesEachRow() {
        // Both images have the same F. Image 1 has w = (1, 1) and S = (1, 0), so
        // CAM = channel 0 + channel 1, CAM_UFS = channel 0 and CAM_SUP = channel 1.
        float[] twice = new float[16];
        System.arraycopy(ONE_MAP, 0, twice, 0, 8);
        System.arraycopy(ONE_MAP, 0, twice, 8, 8);
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(twice, 2, 2, 2, 2),
                        array(new float[] {2, -1, 1, 1}, 2, 2),
                        array(new float[] {0.5f, 0.25f, 1, 0}, 2, 2));

        assertMap(new float[][] {{2, 3}, {7, 6}}, maps.map(Kind.CAM, 0), "CAM of image 0");
        assertMap(new float[][] {{1, 3}, {2, 6}}, maps.map(Kind.CAM, 1), "CAM of image 1");
        assertMap(new float[][] {{1, 2}, {3, 4}}, maps.map(Kind.CAM_UFS, 1), "UFS of image 1");
        assertMap(new float[][] {{0, 1}, {-1, 2}}, maps.map(Kind.CAM_SUP, 1), "SUP of image 1");
    }

    @Test
    void perPositionFactorsWeighEachPosition() {
        // S of channel 0 = [[1, 0], [0.5, 1]], of channel 1 = [[0, 1], [1, 0.5]].
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(ONE_MAP, 1, 2, 2, 2),
                        array(new float[] {2, -1}, 2),
                        array(new float[] {1, 0, 0.5f, 1, 0, 1, 1, 0.5f}, 1, 2, 2, 2));

        assertMap(new float[][] {{2, 3}, {7, 6}}, maps.map(Kind.CAM, 0), "CAM");
        assertMap(new float[][] {{2, -1}, {4, 7}}, maps.map(Kind.CAM_UFS, 0), "UFS");
        assertMap(new float[][] {{0, 4}, {3, -1}}, maps.map(Kind.CAM_SUP, 0), "SUP");
    }

    @Test
    void accessorsReturnCopies() {
        ClassActivationMaps maps =
                ClassActivationMaps.compute(
                        array(ONE_MAP, 1, 2, 2, 2),
                        array(new float[] {2, -1}, 2),
                        array(new float[] {0.5f, 0.25f}, 1, 2));
        maps.cam()[0][0][0] = 100;
        maps.camUfs()[0][0][0] = 100;
        maps.camSuppressed()[0][0][0] = 100;
        maps.map(Kind.CAM, 0)[0][0] = 100;

        assertEquals(2f, maps.cam()[0][0][0], 0f);
        assertEquals(1f, maps.camUfs()[0][0][0], 0f);
        assertEquals(1f, maps.camSuppressed()[0][0][0], 0f);
        assertThrows(IndexOutOfBoundsException.class, () -> maps.map(Kind.CAM, 1));
    }

    @Test
    void computeRejectsWrongShapes() {
        NDArray featureMap = array(new float[16], 2, 2, 2, 2);
        NDArray weight = array(new float[] {1, 1}, 2);
        NDArray factors = array(new float[4], 2, 2);

        IllegalArgumentException pooled =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassActivationMaps.compute(array(new float[4], 2, 2), weight,
                                factors));
        assertTrue(pooled.getMessage().contains("(2, 2)"), pooled.getMessage());
        assertTrue(pooled.getMessage().contains("(N, K, h, w)"), pooled.getMessage());

        IllegalArgumentException channels =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassActivationMaps.compute(
                                featureMap, array(new float[3], 3), factors));
        assertTrue(channels.getMessage().contains("(3)"), channels.getMessage());
        assertTrue(channels.getMessage().contains("needs (2) or (2, 2)"), channels.getMessage());

        IllegalArgumentException rows =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassActivationMaps.compute(
                                featureMap, array(new float[6], 3, 2), factors));
        assertTrue(rows.getMessage().contains("(3, 2)"), rows.getMessage());

        IllegalArgumentException factorShape =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> ClassActivationMaps.compute(
                                featureMap, weight, array(new float[6], 2, 3)));
        assertTrue(factorShape.getMessage().contains("(2, 3)"), factorShape.getMessage());
        assertTrue(
                factorShape.getMessage().contains("needs (2, 2) or (2, 2, 2, 2)"),
                factorShape.getMessage());
    }

    /**
     * Images of two samples, two channels, 2 x 2, used directly as F by {@link IdentityCritic}.
     * Image 0: channel 0 = [[0, 2], [1, 1]] (mean 1), channel 1 = [[2, 0], [1, 3]] (mean 1.5).
     * Image 1: channel 0 = [[4, 2], [2, 4]] (mean 3), channel 1 = [[1, -1], [0, 0]] (mean 0).
     */
    private static NDArray criticImages() {
        return array(new float[] {0, 2, 1, 1, 2, 0, 1, 3, 4, 2, 2, 4, 1, -1, 0, 0}, 2, 2, 2, 2);
    }

    /**
     * Records mu_real = (4, -2) and mu_fake = (0, 0) with w = (2, -1), so M = (4, -2), and
     * for a feature Y with weight v: R_0 = (4 - v_0 Y_0) / 4 and R_1 = (-2 - v_1 Y_1) / -2.
     */
    private static UnrealisticFeatureSuppression recordedSuppression() {
        UnrealisticFeatureSuppression suppression =
                new UnrealisticFeatureSuppression(manager, DISMISS);
        NDArray real = array(new float[] {1, 1, 3, 3}, 2, 2);
        NDArray fake = array(new float[] {0, -1, 0, 1}, 2, 2);
        suppression.recordCriticStep(real, fake, array(new float[] {2, -1}, 2));
        return suppression;
    }

    @Test
    void criticPathMatchesHandComputation() {
        // Image 0: Y = (1, 1.5), R = (0.5, 0.25), S = (0.5, 0.75).
        // Image 1: Y = (3, 0), R = (-0.5, 1), S = (1, 0).
        IdentityCritic critic = new IdentityCritic(new float[] {2, -1}, null);
        try (UnrealisticFeatureSuppression suppression = recordedSuppression()) {
            ClassActivationMaps maps =
                    ClassActivationMaps.of(
                            critic,
                            new ParameterStore(manager, false),
                            criticImages(),
                            null,
                            suppression);

            assertEquals(2, maps.count());
            assertMap(new float[][] {{-2, 4}, {1, -1}}, maps.map(Kind.CAM, 0), "CAM 0");
            assertMap(
                    new float[][] {{-1.5f, 2}, {0.25f, -1.25f}},
                    maps.map(Kind.CAM_UFS, 0),
                    "UFS 0");
            assertMap(
                    new float[][] {{-0.5f, 2}, {0.75f, 0.25f}},
                    maps.map(Kind.CAM_SUP, 0),
                    "SUP 0");
            assertMap(new float[][] {{7, 5}, {4, 8}}, maps.map(Kind.CAM, 1), "CAM 1");
            assertMap(new float[][] {{8, 4}, {4, 8}}, maps.map(Kind.CAM_UFS, 1), "UFS 1");
            assertMap(new float[][] {{-1, 1}, {0, 0}}, maps.map(Kind.CAM_SUP, 1), "SUP 1");
        }
    }

    @Test
    void projectionCriticUsesEffectiveWeight() {
        // Class 1 has e = (-1, 0), so image 1 (label 1) has the weight (1, -1):
        // R = (0.25, 1), S = (0.75, 0); w * F: channel 0 = [[4, 2], [2, 4]],
        // channel 1 = [[-1, 1], [0, 0]]. Image 0 (label 0, e = 0) is as in the unconditional case.
        IdentityCritic critic =
                new IdentityCritic(new float[] {2, -1}, new float[][] {{0, 0}, {-1, 0}});
        NDArray labels = manager.create(new long[] {0, 1});
        try (UnrealisticFeatureSuppression suppression = recordedSuppression()) {
            ClassActivationMaps maps =
                    ClassActivationMaps.of(
                            critic,
                            new ParameterStore(manager, false),
                            criticImages(),
                            labels,
                            suppression);

            assertMap(new float[][] {{-2, 4}, {1, -1}}, maps.map(Kind.CAM, 0), "CAM 0");
            assertMap(new float[][] {{3, 3}, {2, 4}}, maps.map(Kind.CAM, 1), "CAM 1");
            assertMap(
                    new float[][] {{3, 1.5f}, {1.5f, 3}},
                    maps.map(Kind.CAM_UFS, 1),
                    "UFS 1");
            assertMap(
                    new float[][] {{0, 1.5f}, {0.5f, 1}},
                    maps.map(Kind.CAM_SUP, 1),
                    "SUP 1");
        }
    }

    @Test
    void criticPathRejectsMissingInputs() {
        IdentityCritic conditional =
                new IdentityCritic(new float[] {2, -1}, new float[][] {{0, 0}, {-1, 0}});
        IdentityCritic unconditional = new IdentityCritic(new float[] {2, -1}, null);
        ParameterStore store = new ParameterStore(manager, false);
        try (UnrealisticFeatureSuppression recorded = recordedSuppression();
                UnrealisticFeatureSuppression empty =
                        new UnrealisticFeatureSuppression(manager, DISMISS)) {
            IllegalArgumentException noLabels =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ClassActivationMaps.of(
                                    conditional, store, criticImages(), null, recorded));
            assertTrue(noLabels.getMessage().contains("2 classes"), noLabels.getMessage());

            NDArray threeLabels = manager.create(new long[] {0, 1, 1});
            IllegalArgumentException wrongLabels =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ClassActivationMaps.of(
                                    conditional, store, criticImages(), threeLabels, recorded));
            assertTrue(wrongLabels.getMessage().contains("(3)"), wrongLabels.getMessage());

            IllegalArgumentException noStatistics =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ClassActivationMaps.of(
                                    unconditional, store, criticImages(), null, empty));
            assertTrue(
                    noStatistics.getMessage().contains("recordCriticStep"),
                    noStatistics.getMessage());

            IllegalArgumentException flat =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ClassActivationMaps.of(
                                    unconditional, store, array(new float[4], 2, 2), null,
                                    recorded));
            assertTrue(flat.getMessage().contains("(2, 2)"), flat.getMessage());
        }
    }

    /**
     * Checks the maps of a real ResNet critic against its own D_L. D_L is linear, so for a pooled
     * critic the mean of CAM_UFS over positions is D_L(Y * S) - b and the mean of CAM is
     * D_L(Y) - b. For a critic that scores every position, the same is true position by position.
     * The bias b is D_L(0).
     */
    @ParameterizedTest
    @EnumSource(ResNetCritic.Output.class)
    void resNetCriticMapsAgreeWithScores(ResNetCritic.Output output) {
        try (NDManager scope = manager.newSubManager();
                UnrealisticFeatureSuppression suppression =
                        new UnrealisticFeatureSuppression(scope, DISMISS)) {
            scope.getEngine().setRandomSeed(3);
            ResNetCritic critic = new ResNetCritic(4, 1, output);
            critic.initialize(scope);
            ParameterStore store = new ParameterStore(scope, false);
            NDArray real = scope.randomUniform(-1, 1, new Shape(4, 1, 32, 32));
            NDArray fake = scope.randomUniform(-0.5f, 0.5f, new Shape(4, 1, 32, 32));
            NDArray realFeatures = critic.features(store, real, false);
            NDArray fakeFeatures = critic.features(store, fake, false);
            NDArray weight = critic.lastLayerWeight(store, realFeatures);
            suppression.recordCriticStep(realFeatures, fakeFeatures, weight);

            ClassActivationMaps maps =
                    ClassActivationMaps.of(critic, store, fake, null, suppression);

            NDArray factors = suppression.suppressionFactors(fakeFeatures, weight);
            NDArray bias = critic.score(store, fakeFeatures.zerosLike(), false);
            float[] camScores = critic.score(store, fakeFeatures, false).sub(bias).toFloatArray();
            float[] camUfsScores =
                    critic.score(store, fakeFeatures.mul(factors), false).sub(bias).toFloatArray();
            double largestChange = 0;
            for (int index = 0; index < camScores.length; index++) {
                largestChange =
                        Math.max(largestChange, Math.abs(camScores[index] - camUfsScores[index]));
            }
            assertTrue(largestChange > 1e-3, "UFS changes some score, so the check has content");
            float[][][] cam = maps.cam();
            float[][][] camUfs = maps.camUfs();
            assertEquals(8, maps.height());
            assertEquals(8, maps.width());
            if (output == ResNetCritic.Output.POOLED) {
                for (int sample = 0; sample < 4; sample++) {
                    assertEquals(camScores[sample], mean(cam[sample]), 1e-4, "CAM " + sample);
                    assertEquals(
                            camUfsScores[sample], mean(camUfs[sample]), 1e-4, "UFS " + sample);
                }
            } else {
                for (int index = 0; index < camScores.length; index++) {
                    int sample = index / 64;
                    int row = index / 8 % 8;
                    int column = index % 8;
                    assertEquals(camScores[index], cam[sample][row][column], 1e-4,
                            "CAM at " + index);
                    assertEquals(camUfsScores[index], camUfs[sample][row][column], 1e-4,
                            "UFS at " + index);
                }
            }
        }
    }

    private static double mean(float[][] map) {
        double sum = 0;
        for (float[] row : map) {
            for (float value : row) {
                sum += value;
            }
        }
        return sum / (map.length * map[0].length);
    }

    /**
     * A critic without parameters whose D_R is the identity before pooling: F = images, Y = the
     * mean of F over positions, and D_L has a fixed weight. With class embeddings it acts as a
     * projection critic with effective weight w + e_y.
     */
    private static final class IdentityCritic extends AbstractBlock implements SplitCritic {

        private final float[] weight;
        private final float[][] embeddings;

        IdentityCritic(float[] weight, float[][] embeddings) {
            this.weight = weight;
            this.embeddings = embeddings;
        }

        @Override
        public NDArray featureMap(ParameterStore parameterStore, NDArray images, boolean training) {
            return images.mul(1);
        }

        @Override
        public NDArray features(ParameterStore parameterStore, NDArray images, boolean training) {
            Shape shape = images.getShape();
            return images.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
        }

        @Override
        public NDArray score(ParameterStore parameterStore, NDArray features, boolean training) {
            return features.mul(lastLayerWeight(parameterStore, features)).sum(new int[] {1});
        }

        @Override
        public NDArray score(
                ParameterStore parameterStore,
                NDArray features,
                NDArray labels,
                boolean training) {
            NDArray effective = effectiveWeight(parameterStore, features, labels);
            return features.mul(effective).sum(new int[] {1});
        }

        @Override
        public int classCount() {
            return embeddings == null ? 0 : embeddings.length;
        }

        @Override
        public NDArray effectiveWeight(
                ParameterStore parameterStore, NDArray features, NDArray labels) {
            NDArray base = lastLayerWeight(parameterStore, features);
            if (embeddings == null) {
                return base;
            }
            long[] classes = labels.toLongArray();
            float[] rows = new float[classes.length * weight.length];
            for (int sample = 0; sample < classes.length; sample++) {
                float[] embedding = embeddings[(int) classes[sample]];
                System.arraycopy(embedding, 0, rows, sample * weight.length, weight.length);
            }
            NDArray perSample =
                    features.getManager().create(rows, new Shape(classes.length, weight.length));
            return perSample.add(base);
        }

        @Override
        public void initialize(NDManager parameterManager) {}

        @Override
        public NDArray lastLayerWeight(ParameterStore parameterStore, NDArray features) {
            return features.getManager().create(weight);
        }

        @Override
        protected NDList forwardInternal(
                ParameterStore parameterStore,
                NDList inputs,
                boolean training,
                PairList<String, Object> params) {
            NDArray features = features(parameterStore, inputs.singletonOrThrow(), training);
            return new NDList(score(parameterStore, features, training));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[0].get(0))};
        }
    }
}
