package io.quantlab.exercise;

import java.util.List;

/**
 * A multiple-choice item of the built-in bank (the seminar's interview-style questions): one
 * right option and why, shown as feedback.
 */
public record ChoiceItem(String id, String topic, String question, List<String> options, int correct,
                         String explanation) {
    public ChoiceItem {
        options = List.copyOf(options);
        if (correct < 0 || correct >= options.size()) {
            throw new IllegalArgumentException("item " + id + ": option " + correct + " of " + options.size());
        }
    }

    public boolean isCorrect(int chosen) {
        return chosen == correct;
    }
}
