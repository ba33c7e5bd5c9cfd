package io.github.ufskit.selection;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.github.ufskit.engine.KitEngine;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SampleSelectorTest {

    private static final float[] SCORES = {0.3f, -1.0f, 2.5f, 0.3f, 1.0f, -4.0f};

    @Test
    void topKKeepsHighestScores() {
        SampleSelector selector = new SampleSelector(SampleSelection.TOP_K, KSchedule.constant(3));
        assertArrayEquals(new int[] {0, 2, 4}, selector.select(SCORES, 3, new Random(1)));
    }

    @Test
    void bottomKKeepsLowestScores() {
        SampleSelector selector =
                new SampleSelector(SampleSelection.BOTTOM_K, KSchedule.constant(2));
        assertArrayEquals(new int[] {1, 5}, selector.select(SCORES, 2, new Random(1)));
    }

    @Test
    void tiesAreBrokenByIndex() {
        // Scores 0.3 at indices 0 and 3 tie for third place; the lower index wins.
        SampleSelector top = new SampleSelector(SampleSelection.TOP_K, KSchedule.constant(3));
        assertArrayEquals(new int[] {0, 2, 4}, top.select(SCORES, 3, new Random(1)));
        SampleSelector bottom =
                new SampleSelector(SampleSelection.BOTTOM_K, KSchedule.constant(3));
        assertArrayEquals(new int[] {0, 1, 5}, bottom.select(SCORES, 3, new Random(1)));
    }

    @Test
    void randomKIsDistinctAndSeeded() {
        SampleSelector selector =
                new SampleSelector(SampleSelection.RANDOM_K, KSchedule.constant(4));
        int[] first = selector.select(SCORES, 4, new Random(7));
        int[] second = selector.select(SCORES, 4, new Random(7));
        assertArrayEquals(first, second);
        assertEquals(4, Arrays.stream(first).distinct().count());
    }

    @Test
    void randomKCoversEveryIndex() {
        SampleSelector selector =
                new SampleSelector(SampleSelection.RANDOM_K, KSchedule.constant(1));
        Random random = new Random(3);
        int[] counts = new int[SCORES.length];
        for (int i = 0; i < 6000; i++) {
            counts[selector.select(SCORES, 1, random)[0]]++;
        }
        for (int count : counts) {
            assertEquals(1000, count, 150);
        }
    }

    @Test
    void allKeepsEverySample() {
        assertArrayEquals(
                new int[] {0, 1, 2, 3, 4, 5},
                SampleSelector.all().select(SCORES, SCORES.length, new Random(1)));
        assertEquals(64, SampleSelector.all().k(10, 3, 64));
    }

    @Test
    void arrayVersionReturnsIndices() {
        try (NDManager manager = KitEngine.newManager()) {
            SampleSelector selector =
                    new SampleSelector(SampleSelection.TOP_K, KSchedule.constant(2));
            NDArray kept = selector.select(manager.create(SCORES), 2, new Random(1));
            assertArrayEquals(new long[] {2, 4}, kept.toLongArray());
        }
    }

    @Test
    void kOutOfRangeIsRejected() {
        SampleSelector selector = new SampleSelector(SampleSelection.TOP_K, KSchedule.constant(2));
        assertThrows(IllegalArgumentException.class, () -> selector.select(SCORES, 0, null));
        assertThrows(IllegalArgumentException.class, () -> selector.select(SCORES, 7, null));
    }

    @Test
    void selectionWithoutScheduleIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new SampleSelector(SampleSelection.TOP_K, null));
    }
}
