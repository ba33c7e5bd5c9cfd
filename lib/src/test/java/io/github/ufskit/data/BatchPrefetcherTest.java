package io.github.ufskit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchPrefetcherTest {

    private static List<int[]> batches(int count) {
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batches.add(new int[] {2 * i, 2 * i + 1});
        }
        return batches;
    }

    @Test
    void batchesArriveInOrder() {
        try (BatchPrefetcher<Integer> prefetcher =
                new BatchPrefetcher<>(batches(5).iterator(), batch -> batch[0] + batch[1], 2)) {
            List<Integer> sums = new ArrayList<>();
            while (prefetcher.hasNext()) {
                sums.add(prefetcher.next());
            }
            assertEquals(List.of(1, 5, 9, 13, 17), sums);
        }
    }

    @Test
    void loaderRunsAheadOfConsumer() throws InterruptedException {
        AtomicInteger loaded = new AtomicInteger();
        try (BatchPrefetcher<Integer> prefetcher =
                new BatchPrefetcher<>(
                        batches(10).iterator(), batch -> loaded.incrementAndGet(), 3)) {
            Thread.sleep(300);
            // Three batches wait in the queue and the loader has a fourth in hand.
            assertTrue(loaded.get() >= 3, "loaded " + loaded.get());
            assertTrue(loaded.get() <= 4, "loaded " + loaded.get());
            assertEquals(1, prefetcher.next());
        }
    }

    @Test
    void loaderFailureReachesConsumer() {
        try (BatchPrefetcher<Integer> prefetcher =
                new BatchPrefetcher<>(
                        batches(3).iterator(),
                        batch -> {
                            if (batch[0] == 2) {
                                throw new IllegalArgumentException("bad image 2");
                            }
                            return batch[0];
                        },
                        2)) {
            assertEquals(0, prefetcher.next());
            IllegalStateException error = assertThrows(IllegalStateException.class, prefetcher::next);
            assertTrue(error.getMessage().contains("bad image 2"), error.getMessage());
            assertFalse(prefetcher.hasNext());
        }
    }

    @Test
    void gatherCopiesPixelsAndLabels() {
        byte[] pixels = {0, 1, 2, 3, (byte) 255, 5, 6, 7};
        ImageDataset dataset =
                new ImageDataset("tiny", pixels, new int[] {3, 4}, 1, 2, 2, List.of("a", "b", "c", "d", "e"));
        HostBatch batch = HostBatch.gather(dataset, new int[] {1, 0});
        assertArrayEquals(new byte[] {(byte) 255, 5, 6, 7, 0, 1, 2, 3}, batch.pixels());
        assertArrayEquals(new long[] {4, 3}, batch.labels());
        try (ai.djl.ndarray.NDManager manager = io.github.ufskit.engine.KitEngine.newManager()) {
            float[] images = batch.images(manager).toFloatArray();
            assertEquals(1f, images[0], 1e-6f);
            assertEquals(5 / 127.5f - 1, images[1], 1e-6f);
            assertEquals(-1f, images[4], 1e-6f);
        }
    }

    @Test
    void zeroDepthIsRejected() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new BatchPrefetcher<Integer>(batches(1).iterator(), b -> 0, 0));
    }
}
