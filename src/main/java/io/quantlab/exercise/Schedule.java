package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * When an exercise can be seen and handed in. Students see it from {@code opensAt}; an attempt
 * after {@code dueAt} is late and loses {@code latePenaltyPercentPerDay} of its score per started
 * day (one second late is one day); after {@code locksAt} nothing is accepted. The instants
 * themselves are inclusive: an attempt exactly at {@code dueAt} is on time, one exactly at
 * {@code locksAt} is still taken.
 */
public record Schedule(Instant opensAt, Instant dueAt, Instant locksAt, double latePenaltyPercentPerDay) {
    private static final long SECONDS_PER_DAY = Duration.ofDays(1).toSeconds();

    /** @throws InvalidInputException naming the field out of order or out of range */
    public Schedule {
        if (opensAt == null || dueAt == null || locksAt == null) {
            throw new InvalidInputException(opensAt == null ? "opensAt" : dueAt == null ? "dueAt" : "locksAt",
                    "opensAt, dueAt and locksAt are all needed");
        }
        if (dueAt.isBefore(opensAt)) {
            throw new InvalidInputException("dueAt", "dueAt (" + dueAt + ") must not be before opensAt (" + opensAt + ")");
        }
        if (locksAt.isBefore(dueAt)) {
            throw new InvalidInputException("locksAt", "locksAt (" + locksAt + ") must not be before dueAt (" + dueAt + ")");
        }
        if (!(latePenaltyPercentPerDay >= 0 && latePenaltyPercentPerDay <= 100)) {
            throw new InvalidInputException("latePenaltyPercentPerDay",
                    "latePenaltyPercentPerDay must be between 0 and 100, got " + latePenaltyPercentPerDay);
        }
    }

    /** Whether students can see it: from {@code opensAt} on. */
    public boolean isOpen(Instant now) {
        return !now.isBefore(opensAt);
    }

    /** Whether attempts are refused: strictly after {@code locksAt}. */
    public boolean isLocked(Instant now) {
        return now.isAfter(locksAt);
    }

    public boolean isLate(Instant at) {
        return at.isAfter(dueAt);
    }

    /** Started days after the deadline: 0 on time, 1 from one nanosecond late through exactly 24 hours late. */
    public long lateDays(Instant at) {
        if (!isLate(at)) {
            return 0;
        }
        Duration late = Duration.between(dueAt, at);
        long whole = late.toSeconds() / SECONDS_PER_DAY;
        boolean partial = !late.minusDays(whole).isZero();
        return whole + (partial ? 1 : 0);
    }

    /** What a score handed in at {@code at} is multiplied by: 1 on time, never below 0. */
    public double penaltyFactor(Instant at) {
        return Math.max(0, 1 - lateDays(at) * latePenaltyPercentPerDay / 100);
    }
}
