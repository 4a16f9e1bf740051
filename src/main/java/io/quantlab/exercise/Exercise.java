package io.quantlab.exercise;

import java.time.Instant;

/** An exercise of a course: what it asks ({@link ExerciseConfig}), when ({@link Schedule}) and when feedback shows. */
public record Exercise(long id, long courseId, String title, String body, ExerciseConfig config, Schedule schedule,
                       FeedbackTiming feedbackTiming, long createdBy, Instant createdAt) {

    public ExerciseKind kind() {
        return config.kind();
    }

    /** Whether a student may see the score and feedback of a graded attempt at {@code now}. */
    public boolean feedbackShown(Instant now) {
        return feedbackTiming == FeedbackTiming.IMMEDIATE || schedule.isLate(now);
    }
}
