package io.quantlab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void firesAfterPatienceEpochsOnAPlateau() {
        EarlyStopping stopping = new EarlyStopping(2);
        assertFalse(stopping.shouldStop(50));
        assertFalse(stopping.shouldStop(60));
        assertFalse(stopping.shouldStop(60)); // equal is no improvement: 1
        assertTrue(stopping.shouldStop(59.5)); // 2
        assertEquals(60, stopping.best());
    }

    @Test
    void anImprovementResetsThePatience() {
        EarlyStopping stopping = new EarlyStopping(2);
        assertFalse(stopping.shouldStop(50));
        assertFalse(stopping.shouldStop(49));
        assertFalse(stopping.shouldStop(51));
        assertFalse(stopping.shouldStop(51));
        assertTrue(stopping.shouldStop(50));
    }

    @Test
    void patienceZeroNeverStops() {
        EarlyStopping stopping = new EarlyStopping(0);
        for (int i = 0; i < 30; i++) {
            assertFalse(stopping.shouldStop(10));
        }
    }
}
