package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import java.util.Map;

/**
 * One question of a numeric exercise, as the instructor picked it: a template whose numbers are
 * drawn for each student, or a multiple-choice item of the bank. Each is worth one point.
 */
public sealed interface ExerciseQuestion {

    /** The API's and the database's form: {"template":"dequantize"} or {"choice":"why-calibration"}. */
    Map<String, Object> json();

    /** The question as the instructor's list names it. */
    String title();

    record FromTemplate(NumericTemplate template) implements ExerciseQuestion {
        public Map<String, Object> json() {
            return Map.of("template", template.id());
        }

        public String title() {
            return template.title();
        }
    }

    record Choice(ChoiceItem item) implements ExerciseQuestion {
        public Map<String, Object> json() {
            return Map.of("choice", item.id());
        }

        public String title() {
            return item.question();
        }
    }

    /** @throws InvalidInputException field "questions" for anything but one known template or bank item */
    static ExerciseQuestion of(Object value, int index) {
        String where = "questions[" + index + "]";
        if (value instanceof Map<?, ?> fields && fields.size() == 1) {
            if (fields.get("template") instanceof String id) {
                try {
                    return new FromTemplate(NumericTemplate.of(id));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException("questions", where + ": " + e.getMessage());
                }
            }
            if (fields.get("choice") instanceof String id) {
                return QuestionBank.choices().stream().filter(c -> c.id().equals(id)).findFirst()
                        .<ExerciseQuestion>map(Choice::new).orElseThrow(() -> new InvalidInputException("questions",
                                where + ": no bank item " + InvalidInputException.quote(id) + "; the bank has "
                                        + String.join(", ", QuestionBank.choices().stream().map(ChoiceItem::id).toList())));
            }
        }
        throw new InvalidInputException("questions", where + " must be {\"template\":\"...\"} or {\"choice\":\"...\"}, got "
                + InvalidInputException.quote(value));
    }
}
