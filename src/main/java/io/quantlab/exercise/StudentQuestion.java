package io.quantlab.exercise;

import java.util.List;

/**
 * A numeric exercise's question as one student sees it: their numbers in the text, the boxes to
 * fill ({@code fields}, for a template) or the options (for a bank item). Never the answers.
 *
 * @param number 1-based, the key of its answers in a submission
 */
public record StudentQuestion(int number, String text, List<Field> fields, List<String> options) {
    public StudentQuestion {
        fields = List.copyOf(fields);
        options = List.copyOf(options);
    }

    /** One number to type: its key in the answers and what the form calls it. */
    public record Field(String key, String label) {}

    public boolean isChoice() {
        return !options.isEmpty();
    }
}
