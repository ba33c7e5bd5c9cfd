package io.github.ufskit.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.github.ufskit.engine.KitEngine;
import io.github.ufskit.nn.sngan.SnganDiscriminator;
import io.github.ufskit.suppression.SuppressionSettings;
import io.github.ufskit.suppression.UnrealisticFeatureSuppression;
import org.junit.jupiter.api.Test;

/**
 * Recomputes UFS (equations 4 to 9) and the class activation maps (equation 10) of a tiny
 * conditional SNGAN critic by hand, in doubles. The effective weight w + e_y comes from the
 * critic's own scores. Because the score is linear in Y, score(unit vector k, y) - score(0, y)
 * is the k-th value of w + e_y. This checks the weight the trainer passes to UFS and the maps
 * without calling {@code effectiveWeight} for the oracle.
 */
class ProjectionSuppressionOracleTest {

    private static final int CLASSES = 3;
    private static final int BATCH = 4;

    private static float[] uniform(int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    /** Returns w + e_y for each label, [sample][channel], from the critic's scores alone. */
    private static double[][] effectiveWeightFromScores(
            SnganDiscriminator critic, ParameterStore store, NDManager manager, long[] labels,
            int channels) {
        double[][] rows = new double[labels.length][channels];
        NDArray labelArray = manager.create(labels);
        float[] bias =
                critic.score(store, manager.zeros(new Shape(labels.length, channels)), labelArray,
                                false)
                        .toFloatArray();
        for (int k = 0; k < channels; k++) {
            float[] unit = new float[labels.length * channels];
            for (int n = 0; n < labels.length; n++) {
                unit[n * channels + k] = 1;
            }
            float[] scores =
                    critic.score(store, manager.create(unit, new Shape(labels.length, channels)),
                                    labelArray, false)
                            .toFloatArray();
            for (int n = 0; n < labels.length; n++) {
                rows[n][k] = scores[n] - bias[n];
            }
        }
        return rows;
    }

    @Test
    void factorsAndMapsUseTheEffectiveWeight() {
        SuppressionSettings settings = SuppressionSettings.sngan();
        try (NDManager manager = KitEngine.newManager()) {
            SnganDiscriminator critic = SnganDiscriminator.resolution32(8, CLASSES);
            critic.initialize(manager);
            ParameterStore store = new ParameterStore(manager, false);
            Shape shape = new Shape(BATCH, 3, 32, 32);
            NDArray real = manager.create(uniform(BATCH * 3 * 1024, 1), shape);
            NDArray fake = manager.create(uniform(BATCH * 3 * 1024, 2), shape).mul(0.3f);
            long[] realLabels = {0, 1, 2, 0};
            long[] fakeLabels = {2, 2, 1, 0};
            NDArray realY = critic.features(store, real, false);
            NDArray fakeY = critic.features(store, fake, false);
            int channels = (int) realY.getShape().get(1);
            double[][] realWeight =
                    effectiveWeightFromScores(critic, store, manager, realLabels, channels);
            double[][] fakeWeight =
                    effectiveWeightFromScores(critic, store, manager, fakeLabels, channels);

            double classGap = 0;
            for (int c = 0; c < channels; c++) {
                classGap += Math.abs(fakeWeight[0][c] - fakeWeight[3][c]);
            }
            assertTrue(classGap > 1e-3, "e_2 and e_0 should differ, gap " + classGap);

            // The trainer's composition: effectiveWeight with each batch's own labels.
            NDArray realLabelArray = manager.create(realLabels);
            NDArray fakeLabelArray = manager.create(fakeLabels);
            NDArray factors;
            try (UnrealisticFeatureSuppression ufs =
                    new UnrealisticFeatureSuppression(manager, settings)) {
                ufs.recordCriticStep(
                        realY, critic.effectiveWeight(store, realY, realLabelArray),
                        fakeY, critic.effectiveWeight(store, fakeY, fakeLabelArray));
                factors = ufs.suppressionFactors(
                        fakeY, critic.effectiveWeight(store, fakeY, fakeLabelArray));
                float[] actual = factors.toFloatArray();

                float[] realValues = realY.toFloatArray();
                float[] fakeValues = fakeY.toFloatArray();
                for (int c = 0; c < channels; c++) {
                    double muReal = 0;
                    double muFake = 0;
                    for (int n = 0; n < BATCH; n++) {
                        muReal += realWeight[n][c] * realValues[n * channels + c] / BATCH;
                        muFake += fakeWeight[n][c] * fakeValues[n * channels + c] / BATCH;
                    }
                    double margin = muReal - muFake;
                    for (int n = 0; n < BATCH; n++) {
                        double yHat = fakeWeight[n][c] * fakeValues[n * channels + c];
                        double distance = muReal - yHat;
                        double ratio =
                                Math.abs(distance) < settings.gamma() ? 1 : distance / margin;
                        double expected =
                                settings.epsilon()
                                        - Math.min(Math.max(ratio, settings.alpha()),
                                                settings.beta());
                        assertEquals(expected, actual[n * channels + c], 1e-4,
                                "S of sample " + n + ", channel " + c);
                    }
                }

                // Equation 10: the maps of a projection critic sum to w_eff . Y over positions.
                ClassActivationMaps maps =
                        ClassActivationMaps.of(critic, store, fake, fakeLabelArray, ufs);
                for (int n = 0; n < BATCH; n++) {
                    double camTotal = 0;
                    double ufsTotal = 0;
                    double expectedCam = 0;
                    double expectedUfs = 0;
                    for (int c = 0; c < channels; c++) {
                        double weighted = fakeWeight[n][c] * fakeValues[n * channels + c];
                        expectedCam += weighted;
                        expectedUfs += weighted * actual[n * channels + c];
                    }
                    float[][] cam = maps.map(ClassActivationMaps.Kind.CAM, n);
                    float[][] camUfs = maps.map(ClassActivationMaps.Kind.CAM_UFS, n);
                    float[][] camSup = maps.map(ClassActivationMaps.Kind.CAM_SUP, n);
                    for (int row = 0; row < maps.height(); row++) {
                        for (int column = 0; column < maps.width(); column++) {
                            camTotal += cam[row][column];
                            ufsTotal += camUfs[row][column];
                            assertEquals(cam[row][column],
                                    camUfs[row][column] + camSup[row][column], 1e-4,
                                    "CAM = CAM_UFS + CAM_SUP at " + row + ", " + column);
                        }
                    }
                    assertEquals(expectedCam, camTotal, 1e-3 * (1 + Math.abs(expectedCam)));
                    assertEquals(expectedUfs, ufsTotal, 1e-3 * (1 + Math.abs(expectedUfs)));
                }
            }
        }
    }
}
