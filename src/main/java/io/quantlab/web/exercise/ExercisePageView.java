package io.quantlab.web.exercise;

import io.quantlab.JsonFields;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.Grade;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.StudentQuestion;
import io.quantlab.exercise.Submission;
import io.quantlab.web.Page;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A student's exercise: their own questions, the form (with what they typed after a 400), their
 * attempts (a target attempt's hidden-split evaluation status by attempt id), and scores and
 * feedback once the instructor's timing shows them.
 */
public record ExercisePageView(Page page, Exercise exercise, List<StudentQuestion> questions, List<Submission> attempts,
                               Grade grade, Instant now, Map<String, String> sent, String error,
                               Map<Long, String> hiddenEvaluations) {
    public String kind() {
        return JsonFields.apiName(exercise.kind());
    }

    public boolean feedbackShown() {
        return exercise.feedbackShown(now);
    }

    public boolean locked() {
        return exercise.schedule().isLocked(now);
    }

    public boolean late() {
        return exercise.schedule().isLate(now);
    }

    public String value(String field) {
        return sent.getOrDefault(field, "");
    }

    public boolean attemptsLeft() {
        return !(exercise.config() instanceof ExerciseConfig.Numeric n) || n.maxAttempts() == 0
                || attempts.size() < n.maxAttempts();
    }

    public String attemptLimit() {
        return exercise.config() instanceof ExerciseConfig.Numeric n && n.maxAttempts() > 0
                ? attempts.size() + " of " + n.maxAttempts() + " attempts used" : "";
    }

    public String number(double value) {
        return GradeBook.number(value);
    }

    /** Where a target attempt's hidden-split evaluation stands ("queued", "running", "done", "failed"), or null. */
    public String hiddenEvaluation(Submission s) {
        return hiddenEvaluations.get(s.id());
    }

    /** The text an essay attempt handed in, shown back to its author; null for other kinds. */
    public String text(Submission s) {
        return s.payload().get("text") instanceof String text ? text : null;
    }

    /** The number of the experiment a target attempt handed in, or null. */
    public String experiment(Submission s) {
        return handedInExperiment(s);
    }

    static String handedInExperiment(Submission s) {
        return s.payload().get("experiment") instanceof Number n ? Long.toString(n.longValue()) : null;
    }

    /** The feedback lines of an attempt, as plain sentences. */
    public List<String> feedback(Submission s) {
        return FeedbackText.lines(exercise, s);
    }
}
