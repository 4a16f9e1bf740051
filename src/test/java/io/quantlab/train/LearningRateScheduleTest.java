package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static final double BASE = 0.01;

    @Test
    void constantKeepsTheBaseRate() {
        LearningRateSchedule s = new LearningRateSchedule("constant", BASE, 1000, 100, 10, 0.1);
        assertEquals(BASE, s.at(0));
        assertEquals(BASE, s.at(999));
    }

    @Test
    void cosineFallsPerStepFromBaseToZero() {
        // 10 epochs of 100 batches: T = 1000 steps
        LearningRateSchedule s = new LearningRateSchedule("cosine", BASE, 1000, 100, 10, 0.1);
        assertEquals(BASE, s.at(0), 1e-15);
        assertEquals(BASE * 0.5 * (1 + Math.cos(Math.PI / 4)), s.at(250), 1e-15); // 0.853553·base
        assertEquals(BASE / 2, s.at(500), 1e-15);
        assertEquals(BASE * 0.5 * (1 + Math.cos(Math.PI * 999 / 1000)), s.at(999), 1e-15); // last step ≈ 2.5e-8
        assertEquals(0, s.at(1000), 1e-15);
        assertEquals(0, s.at(5000), 1e-15); // never below 0 past the end
        // strictly a per-step schedule: two batches of the same epoch differ
        assertEquals(true, s.at(101) < s.at(100));
    }

    @Test
    void stepMultipliesByGammaEveryStepEpochs() {
        // 100 batches per epoch, × 0.1 every 2 epochs
        LearningRateSchedule s = new LearningRateSchedule("step", BASE, 1000, 100, 2, 0.1);
        assertEquals(BASE, s.at(0), 1e-15);
        assertEquals(BASE, s.at(199), 1e-15);
        assertEquals(BASE * 0.1, s.at(200), 1e-15);
        assertEquals(BASE * 0.1, s.at(399), 1e-15);
        assertEquals(BASE * 0.01, s.at(400), 1e-15);
        assertEquals(BASE * 1e-4, s.at(999), 1e-15);
    }

    @Test
    void scheduleIsBuiltFromTheConfig() {
        TrainConfig c = new TrainConfig("synthetic", "mlp", 4, 64, 0.1, "sgd", 0.9, 0, 2000, 0,
                "step", 1, 0.5, 0, 0, false, null, 0.9).validated();
        LearningRateSchedule s = LearningRateSchedule.of(c, 32);
        assertEquals(128, s.totalSteps());
        assertEquals(0.1, s.at(31), 1e-15);
        assertEquals(0.05, s.at(32), 1e-15);
        assertEquals(0.0125, s.at(127), 1e-15);
    }
}
