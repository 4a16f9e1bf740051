package io.quantlab.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TorchThreadTest {

    @Test
    void everyCallerIsServedByTheSameThreadInTheOrderItAsked() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        TorchThread.Pending<Integer> first = TorchThread.submit(() -> {
            threads.add(Thread.currentThread());
            order.add(1);
            return 1;
        });
        Thread other = new Thread(() -> TorchThread.run(() -> {
            threads.add(Thread.currentThread());
            order.add(2);
        }));
        assertEquals(1, first.await());
        other.start();
        other.join();
        assertEquals(List.of(1, 2), order);
        assertSame(threads.get(0), threads.get(1));
        assertFalse(threads.contains(Thread.currentThread()));
    }

    @Test
    void workRunsWithoutGradientRecordingAndMayNestCalls() {
        try (NDManager ignored = NDManager.newBaseManager("PyTorch")) { // loads the engine
            boolean recording = TorchThread.call(() -> TorchThread.call(JniUtils::isGradMode));
            assertFalse(recording);
        }
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerAsItIs() {
        IllegalArgumentException thrown = new IllegalArgumentException("bad batch");
        assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> TorchThread.run(() -> {
            throw thrown;
        })));
        assertEquals(3, TorchThread.call(() -> 3)); // the thread survives it
    }

    @Test
    void anInterruptedCallerStillWaitsForItsWorkAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        int result = TorchThread.call(() -> {
            sleep(100);
            return 7;
        });
        assertEquals(7, result);
        assertTrue(System.nanoTime() - start >= 90_000_000L);
        assertTrue(Thread.interrupted()); // clears it for the next test
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
