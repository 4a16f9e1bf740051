package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A numeric exercise for one student: their questions (numbers drawn by {@link StudentNumbers},
 * never stored) and the check of their answers, each question worth one point. Answers come as
 * {"1":{"scale":0.01,"zeroPoint":3},"2":{"choice":1}}: question number, then field; options count from 0.
 */
public final class NumericAttempts {
    private NumericAttempts() {}

    public static List<StudentQuestion> questions(Exercise exercise, long studentId) {
        List<StudentQuestion> out = new ArrayList<>();
        List<ExerciseQuestion> questions = numeric(exercise).questions();
        for (int i = 0; i < questions.size(); i++) {
            int number = i + 1;
            if (questions.get(i) instanceof ExerciseQuestion.FromTemplate t) {
                NumericQuestion q = draw(exercise, i, studentId, t);
                out.add(new StudentQuestion(number, q.text(), q.answers().stream()
                        .map(a -> new StudentQuestion.Field(a.key(), a.label())).toList(), List.of()));
            } else if (questions.get(i) instanceof ExerciseQuestion.Choice c) {
                out.add(new StudentQuestion(number, c.item().question(), List.of(), c.item().options()));
            }
        }
        return out;
    }

    /**
     * @throws InvalidInputException field "answers" for a question number or field that the
     *                               exercise does not have, or a value that is not a number
     */
    public static Scored grade(Exercise exercise, long studentId, Object answers) {
        ExerciseConfig.Numeric config = numeric(exercise);
        Map<Integer, Map<String, Double>> typed = read(answers, questions(exercise, studentId));
        List<Object> feedback = new ArrayList<>();
        double score = 0;
        for (int i = 0; i < config.questions().size(); i++) {
            Map<String, Double> mine = typed.getOrDefault(i + 1, Map.of());
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("number", i + 1);
            ExerciseQuestion question = config.questions().get(i);
            if (question instanceof ExerciseQuestion.FromTemplate t) {
                NumericGrading.Grade g = NumericGrading.grade(draw(exercise, i, studentId, t), mine,
                        config.tolerancePercent());
                score += g.fraction();
                line.put("score", g.fraction());
                line.put("checks", g.checks().stream().map(NumericAttempts::check).toList());
            } else if (question instanceof ExerciseQuestion.Choice c) {
                Double chosen = mine.get("choice");
                boolean right = chosen != null && c.item().isCorrect(chosen.intValue());
                score += right ? 1 : 0;
                line.put("score", right ? 1.0 : 0.0);
                line.put("chosen", chosen == null ? null : chosen.intValue());
                line.put("correct", c.item().correct());
                line.put("explanation", c.item().explanation());
            }
            feedback.add(line);
        }
        return new Scored(Math.min(score, config.maxScore()), config.maxScore(), Map.of("questions", feedback));
    }

    private static NumericQuestion draw(Exercise exercise, int index, long studentId, ExerciseQuestion.FromTemplate t) {
        return t.template().generate(StudentNumbers.random(exercise.id(), index, studentId));
    }

    private static ExerciseConfig.Numeric numeric(Exercise exercise) {
        if (exercise.config() instanceof ExerciseConfig.Numeric n) {
            return n;
        }
        throw new IllegalArgumentException("exercise " + exercise.id() + " is not numeric");
    }

    private static Map<String, Object> check(NumericGrading.Check c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("key", c.key());
        out.put("label", c.label());
        out.put("submitted", c.submitted());
        out.put("expected", c.expected());
        out.put("correct", c.correct());
        return out;
    }

    private static Map<Integer, Map<String, Double>> read(Object answers, List<StudentQuestion> questions) {
        if (!(answers instanceof Map<?, ?> byQuestion)) {
            throw new InvalidInputException("answers", "answers must be an object: {\"1\":{\"scale\":0.01}, ...}");
        }
        Map<Integer, Map<String, Double>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : byQuestion.entrySet()) {
            StudentQuestion q = questions.stream().filter(s -> String.valueOf(s.number()).equals(entry.getKey()))
                    .findFirst().orElseThrow(() -> new InvalidInputException("answers", "answers: no question "
                            + InvalidInputException.quote(entry.getKey()) + "; the questions are 1 to " + questions.size()));
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new InvalidInputException("answers", "answers." + q.number() + " must be an object of numbers");
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Map.Entry<?, ?> field : fields.entrySet()) {
                String where = "answers." + q.number() + "." + field.getKey();
                boolean known = q.isChoice() ? "choice".equals(field.getKey())
                        : q.fields().stream().anyMatch(f -> f.key().equals(field.getKey()));
                if (!known) {
                    throw new InvalidInputException("answers", where + ": question " + q.number() + " asks for "
                            + (q.isChoice() ? "choice" : String.join(", ", q.fields().stream()
                            .map(StudentQuestion.Field::key).toList())));
                }
                if (field.getValue() == null) {
                    continue; // left blank
                }
                if (!(field.getValue() instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    throw new InvalidInputException("answers", where + " (question " + q.number() + ", "
                            + field.getKey() + ") must be a number with a dot for decimals, got "
                            + InvalidInputException.quote(field.getValue()));
                }
                if (q.isChoice() && (n.doubleValue() != Math.rint(n.doubleValue()) || n.intValue() < 0
                        || n.intValue() >= q.options().size())) {
                    throw new InvalidInputException("answers", where + " must be an option from 0 to "
                            + (q.options().size() - 1) + ", got " + n);
                }
                values.put((String) field.getKey(), n.doubleValue());
            }
            out.put(q.number(), values);
        }
        return out;
    }
}
