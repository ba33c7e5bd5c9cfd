package io.github.ufskit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.ufskit.engine.KitEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdversarialLossTest {

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
    void wassersteinCriticLossIsFakeMinusRealMean() {
        NDArray real = manager.create(new float[] {1, 2, 3});
        NDArray fake = manager.create(new float[] {-1, 0.5f});
        // mean(fake) - mean(real) = -0.25 - 2 = -2.25
        assertEquals(-2.25f, new WassersteinLoss().criticLoss(real, fake).getFloat(), 1e-6f);
        assertEquals(0.25f, new WassersteinLoss().generatorLoss(fake).getFloat(), 1e-6f);
    }

    @Test
    void wassersteinAveragesScoreMaps() {
        NDArray real = manager.create(new float[] {1, 2, 3, 6}, new Shape(1, 2, 2));
        NDArray fake = manager.zeros(new Shape(1, 2, 2));
        assertEquals(-3f, new WassersteinLoss().criticLoss(real, fake).getFloat(), 1e-6f);
    }

    @Test
    void hingeCriticLossClipsAtMargin() {
        // real {2, 0.5}: max(0, 1 - r) = {0, 0.5}, mean 0.25;
        // fake {-3, 0}: max(0, 1 + f) = {0, 1}, mean 0.5; total 0.75.
        NDArray real = manager.create(new float[] {2, 0.5f});
        NDArray fake = manager.create(new float[] {-3, 0});
        assertEquals(0.75f, new HingeLoss().criticLoss(real, fake).getFloat(), 1e-6f);
        assertEquals(1.5f, new HingeLoss().generatorLoss(fake).getFloat(), 1e-6f);
    }

    @Test
    void lossesAreFoundByName() {
        assertEquals("wgan", AdversarialLoss.byName("wgan").name());
        assertEquals("hinge", AdversarialLoss.byName("hinge").name());
        assertThrows(IllegalArgumentException.class, () -> AdversarialLoss.byName("bce"));
    }
}
