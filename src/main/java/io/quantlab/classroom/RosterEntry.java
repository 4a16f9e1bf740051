package io.quantlab.classroom;

import java.time.Instant;

/**
 * One enrolled student as the course's instructors see them. {@code lastActiveAt} is null when they
 * never used QuantLab since it was recorded; {@code experiments} counts every experiment they ran.
 */
public record RosterEntry(long userId, String name, String email, Instant joinedAt, Instant lastActiveAt,
        long experiments, boolean invitationPending) {
}
