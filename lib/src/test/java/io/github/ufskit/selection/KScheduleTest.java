package io.github.ufskit.selection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KScheduleTest {

    @Test
    void constantIsCappedAtBatchSize() {
        KSchedule schedule = KSchedule.constant(32);
        assertEquals(32, schedule.k(0, 0, 64));
        assertEquals(16, schedule.k(0, 0, 16));
    }

    @Test
    void linearAnnealHalvesK() {
        KSchedule schedule = KSchedule.linear(64, 32, 1000);
        assertEquals(64, schedule.k(0, 0, 64));
        assertEquals(48, schedule.k(500, 0, 64));
        assertEquals(40, schedule.k(750, 0, 64));
        assertEquals(32, schedule.k(1000, 0, 64));
        assertEquals(32, schedule.k(5000, 0, 64));
    }

    @Test
    void epochDecayStopsAtNuTimesBatch() {
        // gamma 0.99, nu 0.5, B 64: epoch 10 -> ceil(0.99^10 * 64) = ceil(57.88) = 58;
        // epoch 100 -> max(0.366, 0.5) * 64 = 32.
        KSchedule schedule = KSchedule.epochDecay(0.99, 0.5);
        assertEquals(64, schedule.k(0, 0, 64));
        assertEquals(58, schedule.k(0, 10, 64));
        assertEquals(32, schedule.k(0, 100, 64));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> KSchedule.constant(0));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.linear(64, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.linear(64, 32, 0));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.epochDecay(1.5, 0.5));
        assertThrows(IllegalArgumentException.class, () -> KSchedule.epochDecay(0.9, 0));
    }
}
