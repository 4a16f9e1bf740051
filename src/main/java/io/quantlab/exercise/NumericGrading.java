package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a student's numbers against their question: a real answer is right within the
 * exercise's relative tolerance, an integer one (a zero-point, a count of levels) only exactly.
 * A missing answer is wrong, not an error: a partly answered question still earns its part.
 */
public final class NumericGrading {
    public static final double MAX_TOLERANCE_PERCENT = 50;

    private NumericGrading() {}

    /** One answer's check: what was typed (null if nothing), what was expected, and whether it counts. */
    public record Check(String key, String label, Double submitted, double expected, boolean correct) {}

    /** Every answer's check and the share right, in [0, 1]. */
    public record Grade(List<Check> checks, double fraction) {
        public Grade {
            checks = List.copyOf(checks);
        }
    }

    /**
     * @param tolerancePercent relative tolerance of real answers, 0 to {@value #MAX_TOLERANCE_PERCENT}
     * @throws InvalidInputException (field "tolerancePercent") for a tolerance out of range
     */
    public static Grade grade(NumericQuestion question, Map<String, Double> submitted, double tolerancePercent) {
        if (!(tolerancePercent >= 0 && tolerancePercent <= MAX_TOLERANCE_PERCENT)) {
            throw new InvalidInputException("tolerancePercent", "tolerancePercent must be between 0 and "
                    + MAX_TOLERANCE_PERCENT + ", got " + tolerancePercent);
        }
        List<Check> checks = new ArrayList<>();
        int right = 0;
        for (NumericQuestion.Answer answer : question.answers()) {
            Double typed = submitted.get(answer.key());
            boolean correct = typed != null && Double.isFinite(typed) && (answer.integer()
                    ? typed == answer.value()
                    : Math.abs(typed - answer.value()) <= tolerancePercent / 100 * Math.abs(answer.value()));
            right += correct ? 1 : 0;
            checks.add(new Check(answer.key(), answer.label(), typed, answer.value(), correct));
        }
        return new Grade(checks, question.answers().isEmpty() ? 0 : (double) right / question.answers().size());
    }
}
