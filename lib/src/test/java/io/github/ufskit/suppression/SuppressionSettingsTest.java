package io.github.ufskit.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SuppressionSettingsTest {

    @Test
    void wganGpSettingDismisses() {
        SuppressionSettings settings = SuppressionSettings.wganGp();
        assertEquals(0.0, settings.minimumFactor(), 0);
        assertEquals(1.0, settings.maximumFactor(), 0);
        assertTrue(settings.dismisses());
    }

    @Test
    void snganSettingSuppresses() {
        SuppressionSettings settings = SuppressionSettings.sngan();
        assertEquals(0.5, settings.minimumFactor(), 0);
        assertEquals(1.0, settings.maximumFactor(), 0);
        assertFalse(settings.dismisses());
    }

    @Test
    void alphaAboveBetaIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> SuppressionSettings.of(2, 1, 1, 0));
        assertTrue(error.getMessage().contains("alpha=2.0"), error.getMessage());
    }

    @Test
    void epsilonBelowBetaIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class, () -> SuppressionSettings.of(0, 2, 1, 0));
        assertTrue(error.getMessage().contains("epsilon=1.0"), error.getMessage());
    }

    @Test
    void negativeGammaIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SuppressionSettings.of(0, 1, 1, -1));
    }

    @Test
    void nanIsRejected() {
        IllegalArgumentException error =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SuppressionSettings.of(0, 1, Double.NaN, 0));
        assertTrue(error.getMessage().contains("epsilon"), error.getMessage());
    }

    @Test
    void zeroMarginFloorIsRejected() {
        assertThrows(
                IllegalArgumentException.class, () -> new SuppressionSettings(0, 1, 1, 0, 0));
    }

    @Test
    void withBetaChangesOnlyBeta() {
        SuppressionSettings annealed = SuppressionSettings.sngan().withBeta(1.2);
        assertEquals(1.2, annealed.beta(), 0);
        assertEquals(1.0, annealed.alpha(), 0);
        assertEquals(2.0, annealed.epsilon(), 0);
    }
}
