package io.github.ufskit.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.ufskit.train.BackbonePresets;
import io.github.ufskit.train.TrainingConfig;
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
        TrainingConfig tour = BackboneTour.config(Profile.PAPER, BackboneTour.Model.SNGAN_32);
        assertEquals(preset, tour.criticSteps(), "critic steps per generator step");
    }

    @Test
    void paperProfileKeepsBigGanSchedule() {
        TrainingConfig preset = BackbonePresets.bigGan64(10).build();
        TrainingConfig tour = BackboneTour.config(Profile.PAPER, BackboneTour.Model.BIGGAN_64);
        assertEquals(preset.criticSteps(), tour.criticSteps(), "critic steps");
        assertEquals(preset.emaDecay(), tour.emaDecay(), "EMA decay");
        assertEquals(preset.emaStart(), tour.emaStart(), "EMA start");
    }

    @Test
    void shortProfilesShortenTheSchedule() {
        TrainingConfig tour = BackboneTour.config(Profile.CPU, BackboneTour.Model.BIGGAN_64);
        assertEquals(2, tour.criticSteps(), "critic steps");
        assertEquals(0.999, tour.emaDecay(), "EMA decay");
        assertEquals(tour.steps() / 2, tour.emaStart(), "EMA start");
    }
}
