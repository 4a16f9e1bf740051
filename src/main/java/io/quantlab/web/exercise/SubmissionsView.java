package io.quantlab.web.exercise;

import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseKind;
import io.quantlab.exercise.Grade;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.Submission;
import io.quantlab.web.Page;
import java.util.List;

/** Every attempt at an exercise by student, with their grade: where an instructor grades and picks. */
public record SubmissionsView(Page page, Exercise exercise, List<StudentAttempts> students) {

    /** One enrolled student's attempts (oldest first) and grade (null when none). */
    public record StudentAttempts(long studentId, String name, String email, List<Submission> attempts, Grade grade) {
        public boolean counts(Submission s) {
            return grade != null && grade.submissionId() != null && grade.submissionId() == s.id();
        }
    }

    public boolean essay() {
        return exercise.kind() == ExerciseKind.ESSAY;
    }

    public String number(double value) {
        return GradeBook.number(value);
    }

    public String text(Submission s) {
        Object text = s.payload().get("text");
        if (text != null) {
            return text.toString();
        }
        Object experiment = s.payload().get("experiment");
        return experiment != null ? "experiment #" + experiment : "";
    }
}
