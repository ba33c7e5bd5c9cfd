package io.github.ufskit.suppression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BetaScheduleTest {

    @Test
    void linearAnnealInterpolates() {
        BetaSchedule schedule = BetaSchedule.linear(1.0, 1.5, 100);
        assertEquals(1.0, schedule.valueAt(0), 1e-12);
        assertEquals(1.25, schedule.valueAt(50), 1e-12);
        assertEquals(1.5, schedule.valueAt(100), 1e-12);
        assertEquals(1.5, schedule.valueAt(1_000), 1e-12);
    }

    @Test
    void delayedAnnealHoldsStartValue() {
        BetaSchedule schedule = new BetaSchedule(1.0, 2.0, 10, 20);
        assertEquals(1.0, schedule.valueAt(5), 1e-12);
        assertEquals(1.0, schedule.valueAt(10), 1e-12);
        assertEquals(1.3, schedule.valueAt(13), 1e-12);
        assertEquals(2.0, schedule.valueAt(25), 1e-12);
    }

    @Test
    void constantScheduleNeverChanges() {
        BetaSchedule schedule = BetaSchedule.constant(1.5);
        assertEquals(1.5, schedule.valueAt(0), 0);
        assertEquals(1.5, schedule.valueAt(123_456), 0);
    }

    @Test
    void endBeforeStartIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BetaSchedule(1, 2, 10, 5));
    }
}
