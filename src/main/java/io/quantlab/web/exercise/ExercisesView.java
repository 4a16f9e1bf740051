package io.quantlab.web.exercise;

import io.quantlab.classroom.Course;
import io.quantlab.exercise.ChoiceItem;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.FeedbackTiming;
import io.quantlab.exercise.GradeBook;
import io.quantlab.exercise.NumericTemplate;
import io.quantlab.exercise.QuestionBank;
import io.quantlab.web.Page;
import java.util.List;
import java.util.Map;

/**
 * An instructor's exercises of a course and the form to create one; {@code sent} keeps what was typed after a 400.
 * {@code datasets} and {@code models} are offered for a target exercise (the server still checks what is sent).
 */
public record ExercisesView(Page page, Course course, List<Exercise> exercises, List<String> datasets,
                            List<String> models, Map<String, String> sent, String error, String errorField) {
    public List<NumericTemplate> templates() {
        return QuestionBank.numeric();
    }

    public List<ChoiceItem> choices() {
        return QuestionBank.choices();
    }

    public String value(String field, String fallback) {
        return sent.getOrDefault(field, fallback);
    }

    public boolean ticked(String field) {
        return sent.containsKey(field);
    }

    public boolean selected(String field, String option, String fallback) {
        return value(field, fallback).equals(option);
    }

    /** The list's late penalty, as the form reads it: "10 % a day", "none". */
    public String penalty(Exercise e) {
        double p = e.schedule().latePenaltyPercentPerDay();
        return p == 0 ? "none" : GradeBook.number(p) + " % a day";
    }

    /** The list's feedback timing in the form's words. */
    public String feedback(Exercise e) {
        return e.feedbackTiming() == FeedbackTiming.IMMEDIATE ? "at once" : "after the deadline";
    }

    public int maxPerTemplate() {
        return ExerciseForm.MAX_PER_TEMPLATE;
    }
}
