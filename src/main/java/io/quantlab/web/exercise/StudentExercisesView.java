package io.quantlab.web.exercise;

import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.Grade;
import io.quantlab.exercise.GradeBook;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The student home's exercises: the open ones with deadlines, and every grade they may see with its
 * feedback, each with the name of its course ({@code courseNames} by course id).
 */
public record StudentExercisesView(List<Exercise> exercises, Map<Long, String> courseNames, Map<Long, Grade> grades,
                                   Instant now) {
    public List<Exercise> open() {
        return exercises.stream().filter(e -> !e.schedule().isLocked(now)).toList();
    }

    public List<Exercise> closed() {
        return exercises.stream().filter(e -> e.schedule().isLocked(now)).toList();
    }

    public String courseName(Exercise e) {
        return courseNames.getOrDefault(e.courseId(), "");
    }

    /** The grade as the student may see it now, or null. */
    public Grade grade(Exercise e) {
        Grade g = grades.get(e.id());
        return g != null && e.feedbackShown(now) ? g : null;
    }

    public boolean late(Exercise e) {
        return e.schedule().isLate(now);
    }

    public String number(double value) {
        return GradeBook.number(value);
    }
}
