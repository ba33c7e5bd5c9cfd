package io.github.ufskit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ufskit.train.BackbonePresets;
import org.junit.jupiter.api.Test;

/**
 * Checks that the tour's paper profile keeps the backbones' own settings, as notebook 03 states:
 * the profile sets widths, batch size and length, and "everything else follows the backbones'
 * own papers".
 */
class BackboneTourPaperProfileTest {

    @Test
    void paperProfileKeepsSnganCriticSteps() {
        int preset = BackbonePresets.sngan32(10).build().criticSteps();
        int tour = BackboneTour.settings(Profile.PAPER).criticSteps();
        // SNGAN trains five critic updates per generator update. The tour gives both models
        // BigGAN's two.
        assertEquals(preset, tour, "critic steps per generator step in the paper profile");
    }
}
