package io.quantlab.torch;

import ai.djl.engine.Engine;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * The one thread of this JVM that runs PyTorch compute: every training step, inference pass and
 * weight initialization of every job is handed to it, in the order the jobs ask (two jobs
 * alternate batch by batch).
 *
 * <p>Why one thread: libgomp gives each calling thread its own team of OpenMP workers. With one
 * caller there is one team on the two cores, its workers may spin between operations (the
 * default wait policy) and a training step costs little more than in PyTorch itself; with a team
 * per job thread, workers of idle teams either steal the cores by spinning or, throttled or
 * passive, sleep and are woken for every operation, which on this kind of virtual machine made
 * an MLP step 1.8× slower. It also serializes gradient recording, which DJL's PyTorch
 * GradientCollector needs (it is process-global).
 *
 * <p>Work runs with gradient recording off ({@link NoGradient}), as PyTorch's grad mode belongs
 * to the thread; a GradientCollector inside the work turns it on for its forward and backward.
 * Arrays created on the caller's thread may be used here and vice versa; only compute moves.
 */
public final class TorchThread {

    private static final String ENGINE = "PyTorch";
    private static volatile Thread thread;
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(work -> {
        Thread t = new Thread(work, "pytorch-compute");
        t.setDaemon(true);
        thread = t;
        return t;
    });

    private TorchThread() {}

    public static void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} on the compute thread and returns its result, or rethrows what it threw.
     * Waits even when the caller is interrupted (see {@link Pending#await}).
     */
    public static <T> T call(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            return work.get();
        }
        return submit(work).await();
    }

    /**
     * Queues {@code work} and returns at once, so the caller can prepare its next batch while
     * this one computes. Must not be called from the compute thread itself.
     */
    public static <T> Pending<T> submit(Supplier<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the compute thread cannot wait for its own queue");
        }
        return new Pending<>(EXECUTOR.submit(() -> {
            Engine.getEngine(ENGINE); // loads the native library on first use
            try (NoGradient ignored = new NoGradient()) {
                return work.get();
            }
        }));
    }

    /** Work queued on the compute thread. */
    public static final class Pending<T> {
        private final Future<T> result;

        private Pending(Future<T> result) {
            this.result = result;
        }

        /**
         * Waits for the work and returns its result, or rethrows what it threw. Waits even when
         * the caller is interrupted (the work may use the caller's arrays, which the caller frees
         * after), then restores the interrupt flag.
         */
        public T await() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return result.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        throw rethrown(e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static RuntimeException rethrown(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
