package io.github.ufskit.suppression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UnrealisticFeatureSuppressionTest {

    private static final SuppressionSettings DISMISS = SuppressionSettings.of(0, 1, 1, 1e-4);
    private static final SuppressionSettings HALVE = SuppressionSettings.of(0.5, 1, 1.5, 1e-4);

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = KitEngine.newManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void ratioDividesDistanceByMargin() {
        // mu_real = 2, mu_fake = -2, so M = 4; Y_hat = -1 gives D = 3 and R = 0.75.
        assertEquals(0.75, UnrealisticFeatureSuppression.ratio(3, 4, DISMISS), 1e-12);
        assertEquals(-0.5, UnrealisticFeatureSuppression.ratio(-2, 4, DISMISS), 1e-12);
        assertEquals(-2.0, UnrealisticFeatureSuppression.ratio(1, -0.5, DISMISS), 1e-12);
    }

    @Test
    void ratioIsOneBelowGamma() {
        // |D| = 5e-5 < gamma = 1e-4: equation 8 sets R to 1 whatever the margin.
        assertEquals(1.0, UnrealisticFeatureSuppression.ratio(5e-5, 4, DISMISS), 0);
        assertEquals(1.0, UnrealisticFeatureSuppression.ratio(-5e-5, -0.1, DISMISS), 0);
        // |D| equal to gamma is not below it.
        assertEquals(1e-4 / 4, UnrealisticFeatureSuppression.ratio(1e-4, 4, DISMISS), 1e-15);
    }

    @Test
    void gammaBranchDismissesUnderPaperWganSetting() {
        // Read literally, a feature on the real mean gets R = 1, so (0, 1, 1) gives S = 0
        // and (1, 1.5, 2) gives S = 1.
        double ratio = UnrealisticFeatureSuppression.ratio(0, 3, DISMISS);
        assertEquals(0.0, UnrealisticFeatureSuppression.factor(ratio, DISMISS), 0);
        SuppressionSettings sngan = SuppressionSettings.sngan();
        assertEquals(1.0, UnrealisticFeatureSuppression.factor(ratio, sngan), 0);
    }

    @Test
    void marginFloorKeepsRatioFinite() {
        SuppressionSettings settings = new SuppressionSettings(0, 1, 1, 1e-4, 1e-3);
        assertEquals(0.5 / 1e-3, UnrealisticFeatureSuppression.ratio(0.5, 0, settings), 1e-9);
        assertEquals(0.5 / -1e-3, UnrealisticFeatureSuppression.ratio(0.5, -1e-6, settings), 1e-9);
        assertEquals(0.5 / 1e-3, UnrealisticFeatureSuppression.ratio(0.5, 1e-6, settings), 1e-9);
    }

    @Test
    void factorFollowsFigureThreeA() {
        // alpha 0.5, beta 1, epsilon 1.5: R < 0.5 keeps 1, R > 1 halves, in between 1.5 - R.
        assertEquals(1.0, UnrealisticFeatureSuppression.factor(-3, HALVE), 1e-12);
        assertEquals(1.0, UnrealisticFeatureSuppression.factor(0.5, HALVE), 1e-12);
        assertEquals(0.75, UnrealisticFeatureSuppression.factor(0.75, HALVE), 1e-12);
        assertEquals(0.5, UnrealisticFeatureSuppression.factor(1.0, HALVE), 1e-12);
        assertEquals(0.5, UnrealisticFeatureSuppression.factor(7, HALVE), 1e-12);
    }

    @Test
    void factorFollowsFigureThreeB() {
        // alpha 0, beta 1, epsilon 1: R < 0 keeps 1, R > 1 dismisses (0), in between 1 - R.
        assertEquals(1.0, UnrealisticFeatureSuppression.factor(-0.2, DISMISS), 1e-12);
        assertEquals(0.7, UnrealisticFeatureSuppression.factor(0.3, DISMISS), 1e-12);
        assertEquals(0.0, UnrealisticFeatureSuppression.factor(1.5, DISMISS), 1e-12);
    }

    @Test
    void arrayFactorsMatchHandValues() {
        // Channel 0: M = 4, D = {3, -2, 8} -> R = {0.75, -0.5, 2} -> S = {0.25, 1, 0}.
        // Channel 1: M = -2 (fake mean above real), D = {-1, 5e-5, 1} -> R = {0.5, 1, -0.5}
        // (the middle one by the gamma branch) -> S = {0.5, 0, 1}.
        NDArray distance = manager.create(new float[] {3, -1, -2, 5e-5f, 8, 1}, new Shape(3, 2));
        NDArray margin = manager.create(new float[] {4, -2}, new Shape(1, 2));
        NDArray factors = UnrealisticFeatureSuppression.factors(distance, margin, DISMISS);
        assertArrayEquals(
                new float[] {0.25f, 0.5f, 1f, 0f, 0f, 1f}, factors.toFloatArray(), 1e-6f);
    }

    @Test
    void arrayFactorsApplyMarginFloorWithSign() {
        SuppressionSettings settings = new SuppressionSettings(-10, 10, 10, 0, 0.5);
        NDArray distance = manager.create(new float[] {1, 1, 1}, new Shape(1, 3));
        NDArray margin = manager.create(new float[] {0, -0.1f, 0.1f}, new Shape(1, 3));
        NDArray factors = UnrealisticFeatureSuppression.factors(distance, margin, settings);
        // S = 10 - R with R = 1 / (+0.5), 1 / (-0.5), 1 / (+0.5).
        assertArrayEquals(new float[] {8f, 12f, 8f}, factors.toFloatArray(), 1e-6f);
    }

    @Test
    void moduleComputesEquationsFourToNine() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray weight = manager.create(new float[] {2, -1});
            // w * Y_real = {2, -1}, {6, -3} -> mu_real = {4, -2};
            // w * Y_fake = {0, 1}, {0, -1} -> mu_fake = {0, 0}; M = {4, -2}.
            NDArray real = manager.create(new float[] {1, 1, 3, 3}, new Shape(2, 2));
            NDArray fake = manager.create(new float[] {0, -1, 0, 1}, new Shape(2, 2));
            ufs.recordCriticStep(real, fake, weight);
            assertArrayEquals(new float[] {4, -2}, ufs.realMean(), 1e-6f);
            assertArrayEquals(new float[] {0, 0}, ufs.fakeMean(), 1e-6f);
            // Y_hat = w * Y = {1, -1} and {5, -4}: D = {3, -1} and {-1, 2};
            // R = {0.75, 0.5} and {-0.25, -1}; S = {0.25, 0.5} and {1, 1}.
            NDArray candidate = manager.create(new float[] {0.5f, 1, 2.5f, 4}, new Shape(2, 2));
            NDArray factors = ufs.suppressionFactors(candidate, weight);
            assertArrayEquals(
                    new float[] {0.25f, 0.5f, 1f, 1f}, factors.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void perSampleWeightsWeighTheirOwnRows() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            // Real rows w + e_y = {2, -1} and {1, 1}: w * Y = {2, -1}, {3, 3}, mu_real = {2.5, 1}.
            NDArray real = manager.create(new float[] {1, 1, 3, 3}, new Shape(2, 2));
            NDArray realWeight = manager.create(new float[] {2, -1, 1, 1}, new Shape(2, 2));
            // Fake rows {1, 2} and {0.5, -1}: w * Y = {0, -2}, {1, -1}, mu_fake = {0.5, -1.5}.
            NDArray fake = manager.create(new float[] {0, -1, 2, 1}, new Shape(2, 2));
            NDArray fakeWeight = manager.create(new float[] {1, 2, 0.5f, -1}, new Shape(2, 2));
            ufs.recordCriticStep(real, realWeight, fake, fakeWeight);
            assertArrayEquals(new float[] {2.5f, 1}, ufs.realMean(), 1e-6f);
            assertArrayEquals(new float[] {0.5f, -1.5f}, ufs.fakeMean(), 1e-6f);
            // M = {2, 2.5}. Candidates Y = {1, 1}, {-1, 2} with rows {2, 0.5}, {1, 1}:
            // Y_hat = {2, 0.5}, {-1, 2}; D = {0.5, 0.5}, {3.5, -1};
            // R = {0.25, 0.2}, {1.75, -0.4}; clamp to [0, 1] and S = 1 - R = {0.75, 0.8}, {0, 1}.
            NDArray candidate = manager.create(new float[] {1, 1, -1, 2}, new Shape(2, 2));
            NDArray candidateWeight = manager.create(new float[] {2, 0.5f, 1, 1}, new Shape(2, 2));
            NDArray factors = ufs.suppressionFactors(candidate, candidateWeight);
            assertArrayEquals(
                    new float[] {0.75f, 0.8f, 0f, 1f}, factors.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void perSampleWeightOfWrongBatchRejected() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray features = manager.zeros(new Shape(2, 3));
            NDArray weight = manager.ones(new Shape(3, 3));
            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ufs.recordCriticStep(features, weight, features, weight));
            assertTrue(error.getMessage().contains("(2, 3)"), error.getMessage());
        }
    }

    @Test
    void moduleAveragesCriticStepsUntilGeneratorStep() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray weight = manager.create(new float[] {1});
            NDArray one = manager.create(new float[] {1, 1}, new Shape(2, 1));
            NDArray three = manager.create(new float[] {3, 3}, new Shape(2, 1));
            NDArray zero = manager.zeros(new Shape(2, 1));
            ufs.recordCriticStep(one, zero, weight);
            ufs.recordCriticStep(three, zero, weight);
            assertArrayEquals(new float[] {2}, ufs.realMean(), 1e-6f);
            ufs.suppressionFactors(zero, weight);
            // After a generator step the next critic step starts a new average.
            ufs.recordCriticStep(three, zero, weight);
            assertArrayEquals(new float[] {3}, ufs.realMean(), 1e-6f);
        }
    }

    @Test
    void mapFeaturesGetOneFactorPerPosition() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray weight = manager.create(new float[] {1});
            // Real map of one sample, one channel, 1 x 2 positions: mean over positions = 2.
            NDArray real = manager.create(new float[] {1, 3}, new Shape(1, 1, 1, 2));
            NDArray fake = manager.create(new float[] {0, 0}, new Shape(1, 1, 1, 2));
            ufs.recordCriticStep(real, fake, weight);
            assertArrayEquals(new float[] {2}, ufs.realMean(), 1e-6f);
            // M = 2. Position values 1.5 and -1: D = 0.5 -> R = 0.25 -> S = 0.75; D = 3 -> R = 1.5 -> S = 0.
            NDArray candidate = manager.create(new float[] {1.5f, -1}, new Shape(1, 1, 1, 2));
            NDArray factors = ufs.suppressionFactors(candidate, weight);
            assertEquals(new Shape(1, 1, 1, 2), factors.getShape());
            assertArrayEquals(new float[] {0.75f, 0f}, factors.toFloatArray(), 1e-6f);
        }
    }

    @Test
    void suppressionPassesNoGradientThroughFactors() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray weight = manager.create(new float[] {1, 1});
            NDArray real = manager.create(new float[] {2, 2}, new Shape(1, 2));
            NDArray fake = manager.create(new float[] {0, 0}, new Shape(1, 2));
            ufs.recordCriticStep(real, fake, weight);
            NDArray candidate = manager.create(new float[] {1, 3}, new Shape(1, 2));
            candidate.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray suppressed = ufs.suppress(candidate, weight);
                collector.backward(suppressed.sum());
            }
            // S = {1 - 0.5, 1 - clamp(-0.5)} = {0.5, 1}; d(sum(Y * S))/dY = S when S is constant.
            assertArrayEquals(
                    new float[] {0.5f, 1f}, candidate.getGradient().toFloatArray(), 1e-6f);
        }
    }

    @Test
    void generatorStepBeforeCriticStepFails() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray features = manager.zeros(new Shape(2, 3));
            NDArray weight = manager.ones(new Shape(3));
            assertFalse(ufs.hasStatistics());
            IllegalStateException error =
                    assertThrows(
                            IllegalStateException.class,
                            () -> ufs.suppressionFactors(features, weight));
            assertTrue(error.getMessage().contains("recordCriticStep"), error.getMessage());
        }
    }

    @Test
    void wrongWeightSizeIsRejected() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray features = manager.zeros(new Shape(2, 3));
            NDArray weight = manager.ones(new Shape(4));
            IllegalArgumentException error =
                    assertThrows(
                            IllegalArgumentException.class,
                            () -> ufs.recordCriticStep(features, features, weight));
            assertTrue(error.getMessage().contains("shape (4)"), error.getMessage());
        }
    }

    @Test
    void threeDimensionalFeaturesAreRejected() {
        try (UnrealisticFeatureSuppression ufs =
                new UnrealisticFeatureSuppression(manager, DISMISS)) {
            NDArray features = manager.zeros(new Shape(2, 3, 4));
            NDArray weight = manager.ones(new Shape(3));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ufs.recordCriticStep(features, features, weight));
        }
    }
}
