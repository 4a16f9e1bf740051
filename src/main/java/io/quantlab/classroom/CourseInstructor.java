package io.quantlab.classroom;

import java.time.Instant;

/** One instructor of a course. */
public record CourseInstructor(long userId, String name, String email, TeachingRole role, Instant addedAt) {
}
