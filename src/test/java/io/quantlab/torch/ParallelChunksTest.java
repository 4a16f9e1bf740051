package io.quantlab.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelChunksTest {

    @Test
    void everyChunkRunsOnceAndTheHelperTakesPart() {
        int chunks = 40;
        for (int round = 0; round < 20; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
            int[] worker = new int[chunks];
            ParallelChunks.forEach(chunks, (w, k) -> {
                runs.incrementAndGet(k);
                worker[k] = w;
                sleepMillis(1);
            });
            for (int k = 0; k < chunks; k++) {
                assertEquals(1, runs.get(k), "chunk " + k);
            }
            if (Arrays.stream(worker).anyMatch(w -> w == 1)) {
                return; // 40 ms of work: the helper, woken at the start, joined in
            }
        }
        throw new AssertionError("the helper never took a chunk in 20 loops of 40 ms");
    }

    @Test
    void oneChunkOrNoneRunsOnTheCaller() {
        Thread[] ranOn = new Thread[1];
        ParallelChunks.forEach(1, (w, k) -> ranOn[0] = Thread.currentThread());
        assertSame(Thread.currentThread(), ranOn[0]);
        ParallelChunks.forEach(0, (w, k) -> {
            throw new AssertionError("no chunk to run");
        });
    }

    @Test
    void aChunksFailureReachesTheCallerAndTheNextLoopStillWorks() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ParallelChunks.forEach(64, (w, k) -> {
            if (k == 37) {
                throw new IllegalStateException("chunk 37 failed");
            }
        }));
        assertEquals("chunk 37 failed", e.getMessage());
        int[] sums = new int[8];
        ParallelChunks.forEach(8, (w, k) -> sums[k] = k * k);
        assertArrayEquals(new int[] {0, 1, 4, 9, 16, 25, 36, 49}, sums);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
