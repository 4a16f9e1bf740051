package io.quantlab.train;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets one thread at a time run a forward + backward pass in this JVM. DJL's PyTorch
 * GradientCollector is process-global (a second concurrent one throws "A PtGradientCollector is
 * already collecting"), so every job that collects gradients (training, QAT, LSQ/PACT) takes this
 * lock around each batch. The lock is fair: two jobs alternate batch by batch.
 */
public final class TrainingLock {

    private static final ReentrantLock LOCK = new ReentrantLock(true);

    private TrainingLock() {}

    public static void run(Runnable work) {
        LOCK.lock();
        try {
            work.run();
        } finally {
            LOCK.unlock();
        }
    }

    public static <T> T call(Supplier<T> work) {
        LOCK.lock();
        try {
            return work.get();
        } finally {
            LOCK.unlock();
        }
    }
}
