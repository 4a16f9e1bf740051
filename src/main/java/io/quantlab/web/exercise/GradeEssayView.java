package io.quantlab.web.exercise;

import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.RubricCriterion;
import io.quantlab.exercise.Submission;
import io.quantlab.web.Page;
import java.util.List;
import java.util.Map;

/** The grading page of one essay attempt: its text, the rubric with a points box per criterion and the comment. */
public record GradeEssayView(Page page, Exercise exercise, Submission submission, String studentName,
                             Map<String, String> sent, String error) {
    public List<RubricCriterion> rubric() {
        return ((ExerciseConfig.Essay) exercise.config()).rubric();
    }

    public String text() {
        return String.valueOf(submission.payload().get("text"));
    }

    public String value(String field) {
        return sent.getOrDefault(field, "");
    }

    public String number(double value) {
        return GradeBook.number(value);
    }
}
