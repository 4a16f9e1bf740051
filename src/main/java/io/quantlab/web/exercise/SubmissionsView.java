package io.quantlab.web.exercise;

import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseKind;
import io.quantlab.exercise.Grade;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.HiddenEvaluationState;
import io.quantlab.exercise.Submission;
import io.quantlab.web.Page;
import io.quantlab.JsonFields;
import java.util.List;
import java.util.Map;

/**
 * Every attempt at an exercise by student, with their grade: where an instructor grades and picks,
 * edits the exercise ({@code sent}: what was typed, shown again after a 400 with {@code error}) and
 * withdraws or restores it.
 */
public record SubmissionsView(Page page, Exercise exercise, List<StudentAttempts> students,
                              Map<Long, HiddenEvaluationState> hiddenEvaluations, Map<String, String> sent,
                              String error, String errorField) {

    /** One enrolled student's attempts (oldest first) and grade (null when none). */
    public record StudentAttempts(long studentId, String name, String email, List<Submission> attempts, Grade grade) {
        public boolean counts(Submission s) {
            return grade != null && grade.submissionId() != null && grade.submissionId() == s.id();
        }
    }

    /** The edit form's value of {@code field}: as typed after a 400, else the exercise's. */
    public String value(String field) {
        if (sent.containsKey(field)) {
            return sent.get(field);
        }
        Object stored = switch (field) {
            case "title" -> exercise.title();
            case "body" -> exercise.body();
            case "opensAt" -> ExerciseForm.minute(exercise.schedule().opensAt());
            case "dueAt" -> ExerciseForm.minute(exercise.schedule().dueAt());
            case "locksAt" -> ExerciseForm.minute(exercise.schedule().locksAt());
            case "latePenaltyPercentPerDay" -> GradeBook.number(exercise.schedule().latePenaltyPercentPerDay());
            case "feedback" -> JsonFields.apiName(exercise.feedbackTiming());
            default -> exercise.config().json().get(field);
        };
        return stored == null ? "" : stored instanceof Double d ? GradeBook.number(d) : stored.toString();
    }

    /** Whether a checkbox of the edit form is ticked: as sent after a 400, else as stored. */
    public boolean ticked(String field) {
        return sent.isEmpty() ? Boolean.TRUE.equals(exercise.config().json().get(field)) : sent.containsKey(field);
    }

    public boolean numeric() {
        return exercise.kind() == ExerciseKind.NUMERIC;
    }

    public boolean target() {
        return exercise.kind() == ExerciseKind.TARGET;
    }

    /** Deleting removes an exercise nobody attempted; with attempts it is withdrawn. */
    public boolean attempted() {
        return students.stream().anyMatch(s -> !s.attempts().isEmpty());
    }

    public boolean essay() {
        return exercise.kind() == ExerciseKind.ESSAY;
    }

    public String number(double value) {
        return GradeBook.number(value);
    }

    /** A target attempt's hidden-split evaluation (status, a failure's reason, the accuracy once done); else null. */
    public HiddenEvaluationState hiddenEvaluation(Submission s) {
        return hiddenEvaluations.get(s.id());
    }

    /** An essay attempt's text, else "". */
    public String text(Submission s) {
        Object text = s.payload().get("text");
        return text != null ? text.toString() : "";
    }

    /** The experiment a target attempt handed in (its page opens read only), or null. */
    public String experiment(Submission s) {
        return ExercisePageView.handedInExperiment(s);
    }
}
