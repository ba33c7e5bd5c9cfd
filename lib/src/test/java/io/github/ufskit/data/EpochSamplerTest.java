package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochSamplerTest {

    @Test
    void everyEpochVisitsEachIndexOnce() {
        EpochSampler sampler = new EpochSampler(10, 3, false, 42);
        for (int epoch = 0; epoch < 5; epoch++) {
            int[] visited = sampler.batches(epoch, 0).stream()
                    .flatMapToInt(Arrays::stream).sorted().toArray();
            assertArrayEquals(IntStream.range(0, 10).toArray(), visited, "epoch " + epoch);
        }
    }

    @Test
    void keepLastHasRemainderBatch() {
        EpochSampler sampler = new EpochSampler(10, 3, false, 1);
        assertEquals(4, sampler.batchesPerEpoch());
        assertEquals(3, sampler.batch(0, 2).length);
        assertEquals(1, sampler.batch(0, 3).length);
    }

    @Test
    void dropLastSkipsRemainder() {
        EpochSampler sampler = new EpochSampler(10, 3, true, 1);
        assertEquals(3, sampler.batchesPerEpoch());
        assertThrows(IllegalArgumentException.class, () -> sampler.batch(0, 3));
        for (int[] batch : sampler.batches(0, 0)) {
            assertEquals(3, batch.length);
        }
    }

    @Test
    void exactMultipleHasNoExtraBatch() {
        assertEquals(4, new EpochSampler(12, 3, false, 1).batchesPerEpoch());
    }

    @Test
    void sameSeedGivesSameBatches() {
        EpochSampler first = new EpochSampler(100, 7, false, 5);
        EpochSampler second = new EpochSampler(100, 7, false, 5);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertArrayEquals(first.permutation(epoch), second.permutation(epoch));
        }
    }

    @Test
    void epochsAndSeedsDiffer() {
        EpochSampler sampler = new EpochSampler(100, 7, false, 5);
        EpochSampler other = new EpochSampler(100, 7, false, 6);
        assertFalse(Arrays.equals(sampler.permutation(0), sampler.permutation(1)));
        assertFalse(Arrays.equals(sampler.permutation(0), other.permutation(0)));
    }

    @Test
    void resumeMatchesUninterruptedRun() {
        EpochSampler uninterrupted = new EpochSampler(50, 8, true, 9);
        List<int[]> full = uninterrupted.batches(3, 0);
        // A fresh sampler, as after a restart, continues with batch 4 of epoch 3.
        EpochSampler resumed = new EpochSampler(50, 8, true, 9);
        List<int[]> tail = resumed.batches(3, 4);
        assertEquals(full.size() - 4, tail.size());
        for (int i = 0; i < tail.size(); i++) {
            assertArrayEquals(full.get(4 + i), tail.get(i), "batch " + (4 + i));
        }
    }

    @Test
    void firstPositionIsRoughlyUniform() {
        // 2,000 shuffles of 5 items: each item should lead about 400 times. The bounds are
        // more than 5 standard deviations (sqrt(2000 * 0.2 * 0.8) = 17.9) from 400.
        EpochSampler sampler = new EpochSampler(5, 5, false, 123);
        int[] leads = new int[5];
        for (int epoch = 0; epoch < 2000; epoch++) {
            leads[sampler.batch(epoch, 0)[0]]++;
        }
        for (int item = 0; item < 5; item++) {
            assertTrue(leads[item] > 300 && leads[item] < 500,
                    "item " + item + " led " + leads[item] + " of 2000 epochs");
        }
    }

    @Test
    void permutationIsACopy() {
        EpochSampler sampler = new EpochSampler(4, 2, false, 0);
        int[] order = sampler.permutation(0);
        int[] expected = order.clone();
        order[0] = -1;
        assertArrayEquals(expected, sampler.permutation(0));
    }

    @Test
    void constructorRejectsImpossibleSizes() {
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(0, 1, false, 0));
        assertThrows(IllegalArgumentException.class, () -> new EpochSampler(5, 0, false, 0));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new EpochSampler(5, 6, true, 0));
        assertTrue(error.getMessage().contains("batchSize = 6"), error.getMessage());
    }

    @Test
    void negativeEpochRejected() {
        EpochSampler sampler = new EpochSampler(5, 2, false, 0);
        assertThrows(IllegalArgumentException.class, () -> sampler.permutation(-1));
    }
}
