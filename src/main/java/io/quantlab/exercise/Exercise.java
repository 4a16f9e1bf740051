package io.quantlab.exercise;

import java.time.Instant;

/**
 * An exercise of a course: what it asks ({@link ExerciseConfig}), when ({@link Schedule}) and when feedback shows.
 *
 * @param withdrawnAt when an instructor withdrew it (kept with its attempts and grades, hidden from
 *                    students, closed to new attempts); null while it is offered
 */
public record Exercise(long id, long courseId, String title, String body, ExerciseConfig config, Schedule schedule,
                       FeedbackTiming feedbackTiming, long createdBy, Instant createdAt, Instant withdrawnAt) {

    public ExerciseKind kind() {
        return config.kind();
    }

    public boolean withdrawn() {
        return withdrawnAt != null;
    }

    /** Whether a student may see the score and feedback of a graded attempt at {@code now}. */
    public boolean feedbackShown(Instant now) {
        return feedbackTiming == FeedbackTiming.IMMEDIATE || schedule.isLate(now);
    }
}
