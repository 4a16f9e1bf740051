package io.quantlab.discretize;

import io.quantlab.BusyException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Lets a few lab computations run at once and queues the rest. A million-sample request takes
 * about a tenth of a second and some 50 MB; thirty students moving a slider together would
 * otherwise start thirty of them side by side. A request that waits longer than the patience
 * gets a {@link BusyException} instead of an answer.
 */
final class ComputeGate {
    private final Semaphore slots;
    private final Duration patience;

    ComputeGate(int slots, Duration patience) {
        this.slots = new Semaphore(slots, true);
        this.patience = patience;
    }

    /** One slot per core, 20 seconds of patience. */
    static ComputeGate perCore() {
        return new ComputeGate(Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(20));
    }

    <T> T run(Supplier<T> work) {
        try {
            if (!slots.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                throw busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw busy();
        }
        try {
            return work.get();
        } finally {
            slots.release();
        }
    }

    private static BusyException busy() {
        return new BusyException("Lab 1 is busy with other requests; try again in a moment.");
    }
}
