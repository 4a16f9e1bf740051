package io.quantlab.discretize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.BusyException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ComputeGateTest {

    @Test
    void aRequestWaitsForAFreeSlotThenRuns() throws Exception {
        ComputeGate gate = new ComputeGate(1, Duration.ofSeconds(30));
        Holder first = Holder.takeTheOnlySlot(gate);
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> gate.run(() -> "second"));
        Thread.sleep(100);
        assertTrue(!second.isDone(), "the second waits while the only slot is taken");

        first.release.countDown();

        assertEquals("first", first.result.get(10, TimeUnit.SECONDS));
        assertEquals("second", second.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aRequestThatWaitsTooLongIsToldTheLabIsBusy() throws Exception {
        ComputeGate gate = new ComputeGate(1, Duration.ofMillis(50));
        Holder first = Holder.takeTheOnlySlot(gate);

        BusyException e = assertThrows(BusyException.class, () -> gate.run(() -> "second"));

        assertEquals("Lab 1 is busy with other requests; try again in a moment.", e.getMessage());
        first.release.countDown();
        assertEquals("first", first.result.get(10, TimeUnit.SECONDS));
    }

    @Test
    void workThatFailsGivesItsSlotBack() {
        ComputeGate gate = new ComputeGate(1, Duration.ofMillis(50));
        assertThrows(IllegalStateException.class, () -> gate.run(() -> {
            throw new IllegalStateException("bad input");
        }));
        assertEquals("after", gate.run(() -> "after"));
    }

    /** Work that holds a slot of the gate until {@code release} counts down, then answers "first". */
    private record Holder(CountDownLatch release, CompletableFuture<String> result) {
        static Holder takeTheOnlySlot(ComputeGate gate) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> gate.run(() -> {
                holding.countDown();
                await(release);
                return "first";
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));
            return new Holder(release, result);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
