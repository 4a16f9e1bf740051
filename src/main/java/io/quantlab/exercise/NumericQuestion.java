package io.quantlab.exercise;

import java.util.List;

/**
 * One student's question of a numeric exercise: the text with that student's numbers, and the
 * answers the server expects, each checked on its own.
 *
 * @param template the {@link NumericTemplate} it was made from
 * @param text     the question, numbers included
 * @param answers  what the student types, in the order asked
 */
public record NumericQuestion(String template, String text, List<Answer> answers) {

    public NumericQuestion {
        answers = List.copyOf(answers);
    }

    /**
     * One number to type.
     *
     * @param key     its name in a submission's {@code answers}
     * @param label   what the form calls it ("scale", "zero-point")
     * @param value   the expected value
     * @param integer whether it must be exact (levels, a zero-point) rather than within the tolerance
     */
    public record Answer(String key, String label, double value, boolean integer) {}
}
