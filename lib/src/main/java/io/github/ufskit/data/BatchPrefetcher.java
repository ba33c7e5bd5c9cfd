package io.github.ufskit.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the next batches on a background thread while the current one is used, so that reading
 * and copying images overlaps with training on the device.
 *
 * <p>The loader runs on one daemon thread and must only touch host memory (gathering pixels, for
 * instance with {@link HostBatch#gather}); the consumer turns each batch into device arrays on
 * its own thread, because DJL managers are not thread-safe. Batches come out in the order of
 * the index iterator. An exception in the loader is rethrown by {@link #next()}.
 *
 * @param <T> the batch type the loader produces
 */
public final class BatchPrefetcher<T> implements Iterator<T>, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(BatchPrefetcher.class);
    private static final Object END = new Object();

    private final BlockingQueue<Object> ready;
    private final Thread worker;
    private volatile boolean closed;
    private Object upcoming;

    /**
     * Starts loading.
     *
     * @param batches the index batches to load, in order
     * @param loader turns one index batch into a host batch
     * @param depth how many batches may wait ready, at least 1
     */
    public BatchPrefetcher(Iterator<int[]> batches, Function<int[], T> loader, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("prefetch depth must be at least 1, got " + depth);
        }
        this.ready = new ArrayBlockingQueue<>(depth);
        this.worker =
                new Thread(() -> load(batches, loader), "ufskit-batch-prefetcher");
        worker.setDaemon(true);
        worker.start();
    }

    private void load(Iterator<int[]> batches, Function<int[], T> loader) {
        try {
            while (!closed && batches.hasNext()) {
                Object batch;
                try {
                    batch = loader.apply(batches.next());
                } catch (RuntimeException e) {
                    batch = new Failure(e);
                }
                while (!closed && !ready.offer(batch, 100, TimeUnit.MILLISECONDS)) {
                    // The consumer is busy; wait for room.
                }
                if (batch instanceof Failure) {
                    return;
                }
            }
            while (!closed && !ready.offer(END, 100, TimeUnit.MILLISECONDS)) {
                // Wait for room for the end marker.
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@inheritDoc} */
    @Override
    public boolean hasNext() {
        return peek() != END;
    }

    /** {@inheritDoc} */
    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        Object batch = peek();
        if (batch == END) {
            throw new NoSuchElementException("no more batches");
        }
        upcoming = null;
        if (batch instanceof Failure failure) {
            upcoming = END;
            throw new IllegalStateException(
                    "loading a batch failed: " + failure.cause().getMessage(), failure.cause());
        }
        return (T) batch;
    }

    private Object peek() {
        if (upcoming == null) {
            if (closed) {
                return END;
            }
            try {
                upcoming = ready.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a batch", e);
            }
        }
        return upcoming;
    }

    /** Stops the background thread; batches not yet taken are dropped. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            logger.warn("the batch prefetcher thread did not stop within 5 s");
        }
        ready.clear();
    }

    private record Failure(RuntimeException cause) {}
}
