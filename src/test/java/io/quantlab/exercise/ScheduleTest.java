package io.quantlab.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    private static final Instant OPENS = Instant.parse("2026-12-01T09:00:00Z");
    private static final Instant DUE = Instant.parse("2026-12-08T18:00:00Z");
    private static final Instant LOCKS = Instant.parse("2026-12-15T18:00:00Z");
    private final Schedule schedule = new Schedule(OPENS, DUE, LOCKS, 10);

    @Test
    void exactlyAtTheDeadlineIsOnTimeAndLosesNothing() {
        assertFalse(schedule.isLate(DUE));
        assertEquals(0, schedule.lateDays(DUE));
        assertEquals(1.0, schedule.penaltyFactor(DUE));
    }

    @Test
    void oneSecondLateIsOneStartedDay() {
        Instant at = DUE.plusSeconds(1);
        assertTrue(schedule.isLate(at));
        assertEquals(1, schedule.lateDays(at));
        assertEquals(0.9, schedule.penaltyFactor(at), 1e-12);
        assertEquals(1, schedule.lateDays(DUE.plusNanos(1)));
    }

    @Test
    void daysCountAsStartedDaysAcrossMidnights() {
        assertEquals(1, schedule.lateDays(DUE.plus(Duration.ofHours(24))));
        assertEquals(2, schedule.lateDays(DUE.plus(Duration.ofHours(24)).plusSeconds(1)));
        assertEquals(3, schedule.lateDays(DUE.plus(Duration.ofHours(49))));
        assertEquals(0.7, schedule.penaltyFactor(DUE.plus(Duration.ofHours(49))), 1e-12);
    }

    @Test
    void thePenaltyFactorNeverGoesBelowZero() {
        Schedule harsh = new Schedule(OPENS, DUE, LOCKS, 40);
        assertEquals(0.2, harsh.penaltyFactor(DUE.plus(Duration.ofDays(2))), 1e-12);
        assertEquals(0.0, harsh.penaltyFactor(DUE.plus(Duration.ofDays(3))));
        assertEquals(0.0, harsh.penaltyFactor(DUE.plus(Duration.ofDays(6))));
        assertEquals(0.0, new Schedule(OPENS, DUE, LOCKS, 100).penaltyFactor(DUE.plusSeconds(1)));
        assertEquals(1.0, new Schedule(OPENS, DUE, LOCKS, 0).penaltyFactor(LOCKS));
    }

    @Test
    void openFromOpensAtAndLockedOnlyAfterLocksAt() {
        assertFalse(schedule.isOpen(OPENS.minusSeconds(1)));
        assertTrue(schedule.isOpen(OPENS));
        assertFalse(schedule.isLocked(LOCKS));
        assertTrue(schedule.isLocked(LOCKS.plusSeconds(1)));
        assertEquals(7, schedule.lateDays(LOCKS));
    }

    @Test
    void datesOutOfOrderAndPenaltiesOutOfRangeNameTheirField() {
        assertEquals("dueAt", assertThrows(InvalidInputException.class,
                () -> new Schedule(DUE, OPENS, LOCKS, 0)).field());
        assertEquals("locksAt", assertThrows(InvalidInputException.class,
                () -> new Schedule(OPENS, LOCKS, DUE, 0)).field());
        assertEquals("latePenaltyPercentPerDay", assertThrows(InvalidInputException.class,
                () -> new Schedule(OPENS, DUE, LOCKS, 100.5)).field());
        assertEquals("latePenaltyPercentPerDay", assertThrows(InvalidInputException.class,
                () -> new Schedule(OPENS, DUE, LOCKS, -1)).field());
        assertEquals("latePenaltyPercentPerDay", assertThrows(InvalidInputException.class,
                () -> new Schedule(OPENS, DUE, LOCKS, Double.NaN)).field());
        Schedule sameInstant = new Schedule(DUE, DUE, DUE, 0);
        assertTrue(sameInstant.isOpen(DUE));
        assertFalse(sameInstant.isLocked(DUE));
    }
}
