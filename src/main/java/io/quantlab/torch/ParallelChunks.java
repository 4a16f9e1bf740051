package io.quantlab.torch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a memory-bound Java loop over independent chunks on two cores: the calling thread and one
 * helper thread take chunks from a shared counter until none is left. The compute thread's
 * parameter update is such a loop, and while it runs the OpenMP workers idle; one core alone
 * cannot stream a model's values, moments and gradients as fast as two.
 *
 * <p>The caller never depends on the helper: if the helper is not scheduled in time (both cores
 * busy with other jobs), the caller takes every chunk itself and waits only for a chunk the
 * helper has already begun. Which thread ran a chunk changes nothing in its result.
 */
public final class ParallelChunks {

    /** What to do with chunk {@code chunk}; {@code worker} is 0 on the caller and 1 on the helper, for per-thread scratch memory. */
    @FunctionalInterface
    public interface ChunkTask {
        void run(int worker, int chunk);
    }

    public static final int WORKERS = 2;
    private static final int SPINS_BEFORE_YIELD = 1_000;
    private static final Object CALLER = new Object();
    private static volatile Loop current;
    private static final Thread HELPER = startHelper();

    private ParallelChunks() {}

    /** Runs {@code task} once for every chunk in {@code [0, chunks)}; returns when all have run, or rethrows what one threw. */
    public static void forEach(int chunks, ChunkTask task) {
        if (chunks <= 1) {
            for (int k = 0; k < chunks; k++) {
                task.run(0, k);
            }
            return;
        }
        synchronized (CALLER) {
            Loop loop = new Loop(chunks, task);
            current = loop;
            LockSupport.unpark(HELPER);
            loop.work(0);
            current = null;
            loop.awaitHelper();
            if (loop.failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (loop.failure instanceof Error error) {
                throw error;
            }
        }
    }

    private static Thread startHelper() {
        Thread helper = new Thread(() -> {
            while (true) {
                Loop loop = current;
                if (loop == null || !loop.work(1)) {
                    LockSupport.park();
                }
            }
        }, "pytorch-compute-helper");
        helper.setDaemon(true);
        helper.start();
        return helper;
    }

    private static final class Loop {
        private final int chunks;
        private final ChunkTask task;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        private volatile Throwable failure;

        Loop(int chunks, ChunkTask task) {
            this.chunks = chunks;
            this.task = task;
        }

        /** Takes chunks until none is left; false if there was none to take. */
        boolean work(int worker) {
            boolean took = false;
            for (int k = next.getAndIncrement(); k < chunks; k = next.getAndIncrement()) {
                took = true;
                try {
                    if (failure == null) {
                        task.run(worker, k);
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    finished.incrementAndGet();
                }
            }
            return took;
        }

        /** Every chunk is taken; waits for one the helper may still be running (a few µs, unless it was preempted). */
        void awaitHelper() {
            for (int spins = 0; finished.get() < chunks; spins++) {
                if (spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }
    }
}
