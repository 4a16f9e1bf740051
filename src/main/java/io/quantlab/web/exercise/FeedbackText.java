package io.quantlab.web.exercise;

import io.quantlab.exercise.ChoiceItem;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.ExerciseQuestion;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.Submission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An attempt's stored feedback as sentences for a page (the API hands out the same feedback as JSON). */
final class FeedbackText {
    private FeedbackText() {}

    static List<String> lines(Exercise exercise, Submission s) {
        List<String> out = new ArrayList<>();
        if (s.feedback() == null) {
            return out;
        }
        if (s.feedback().get("questions") instanceof List<?> questions
                && exercise.config() instanceof ExerciseConfig.Numeric numeric) {
            for (Object q : questions) {
                Map<?, ?> line = (Map<?, ?>) q;
                int number = ((Number) line.get("number")).intValue();
                StringBuilder text = new StringBuilder("Question " + number + ": "
                        + GradeBook.number(((Number) line.get("score")).doubleValue()) + " of 1.");
                if (line.get("checks") instanceof List<?> checks) {
                    List<String> parts = new ArrayList<>();
                    for (Object c : checks) {
                        Map<?, ?> check = (Map<?, ?>) c;
                        parts.add(check.get("label") + ": "
                                + (check.get("submitted") == null ? "no answer" : check.get("submitted"))
                                + (Boolean.TRUE.equals(check.get("correct")) ? " ✓" : " ✗ (expected "
                                        + check.get("expected") + ")"));
                    }
                    text.append(" ").append(String.join("; ", parts)).append(".");
                }
                if (numeric.questions().get(number - 1) instanceof ExerciseQuestion.Choice choice) {
                    ChoiceItem item = choice.item();
                    text.append(" The answer is “").append(item.options().get(item.correct())).append("”: ")
                            .append(item.explanation());
                }
                out.add(text.toString());
            }
        }
        if (s.feedback().get("rubric") instanceof List<?> rubric) {
            for (Object r : rubric) {
                Map<?, ?> line = (Map<?, ?>) r;
                out.add(line.get("criterion") + ": " + GradeBook.number(((Number) line.get("points")).doubleValue())
                        + " of " + GradeBook.number(((Number) line.get("of")).doubleValue()));
            }
        }
        if (s.feedback().get("comment") instanceof String comment && !comment.isBlank()) {
            out.add("Comment: " + comment);
        }
        if (s.feedback().get("text") instanceof String text) {
            out.add(text);
        }
        return out;
    }
}
