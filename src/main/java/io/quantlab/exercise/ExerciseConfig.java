package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an exercise of each {@link ExerciseKind} asks for and how it is scored, read from the
 * API's fields with a 400 naming the field.
 */
public sealed interface ExerciseConfig {

    ExerciseKind kind();

    /** The fields of this kind as the API shows them and {@link ExerciseStore} keeps them. */
    Map<String, Object> json();

    /** Points a perfect attempt earns. */
    double maxScore();

    /** The API names of this kind's own fields (the common ones are {@link ExerciseRequest}'s). */
    static Set<String> fieldNames(ExerciseKind kind) {
        return switch (kind) {
            case NUMERIC -> Set.of("questions", "tolerancePercent", "maxAttempts");
            case TARGET -> Set.of("dataset", "model", "maxWeightBits", "maxSizeBytes", "minAccuracy", "rankingBonus",
                    "anonymize");
            case ESSAY -> Set.of("rubric");
        };
    }

    /** @throws InvalidInputException naming the first field that is missing, of the wrong type or out of range */
    static ExerciseConfig of(ExerciseKind kind, Map<String, ?> fields) {
        return switch (kind) {
            case NUMERIC -> Numeric.of(fields);
            case TARGET -> Target.of(fields);
            case ESSAY -> Essay.of(fields);
        };
    }

    /**
     * Questions from the templates and the bank, each worth one point.
     *
     * @param tolerancePercent relative tolerance of real-valued answers
     * @param maxAttempts      attempts a student may make; 0 = no limit
     */
    record Numeric(List<ExerciseQuestion> questions, double tolerancePercent, int maxAttempts) implements ExerciseConfig {
        public static final int MAX_QUESTIONS = 50;
        public static final int MAX_ATTEMPTS = 100;
        public static final double DEFAULT_TOLERANCE_PERCENT = 1;

        public Numeric {
            questions = List.copyOf(questions);
        }

        static Numeric of(Map<String, ?> fields) {
            List<?> listed = list(fields, "questions", MAX_QUESTIONS);
            List<ExerciseQuestion> questions = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                questions.add(ExerciseQuestion.of(listed.get(i), i));
            }
            double tolerance = JsonFields.number(fields, "tolerancePercent", DEFAULT_TOLERANCE_PERCENT);
            JsonFields.require(tolerance >= 0 && tolerance <= NumericGrading.MAX_TOLERANCE_PERCENT, "tolerancePercent",
                    "tolerancePercent must be between 0 and " + NumericGrading.MAX_TOLERANCE_PERCENT + ", got " + tolerance);
            int attempts = JsonFields.whole(fields, "maxAttempts", 0);
            JsonFields.require(attempts >= 0 && attempts <= MAX_ATTEMPTS, "maxAttempts",
                    "maxAttempts must be between 0 (no limit) and " + MAX_ATTEMPTS + ", got " + attempts);
            return new Numeric(questions, tolerance, attempts);
        }

        public ExerciseKind kind() {
            return ExerciseKind.NUMERIC;
        }

        public Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("questions", questions.stream().map(ExerciseQuestion::json).toList());
            out.put("tolerancePercent", tolerancePercent);
            out.put("maxAttempts", maxAttempts);
            return out;
        }

        public double maxScore() {
            return questions.size();
        }
    }

    /**
     * A result to reach with one of the student's experiments; a null threshold is not checked.
     *
     * @param minAccuracy  top-1 test accuracy in percent, as the experiments' metrics hold it (88 = 88 %)
     * @param rankingBonus whether the ranking on the hidden split adds to the score
     * @param anonymize    whether the leaderboard hides the students' names
     */
    record Target(String dataset, String model, Integer maxWeightBits, Long maxSizeBytes, Double minAccuracy,
                  boolean rankingBonus, boolean anonymize) implements ExerciseConfig {

        static Target of(Map<String, ?> fields) {
            String dataset = name(fields, "dataset");
            String model = name(fields, "model");
            Integer bits = fields.get("maxWeightBits") == null ? null : JsonFields.whole(fields, "maxWeightBits", 0);
            JsonFields.require(bits == null || bits >= 1 && bits <= 32, "maxWeightBits",
                    "maxWeightBits must be between 1 and 32, got " + bits);
            Long size = fields.get("maxSizeBytes") == null ? null : (long) JsonFields.number(fields, "maxSizeBytes", 0);
            JsonFields.require(size == null || size > 0 && size == JsonFields.number(fields, "maxSizeBytes", 0),
                    "maxSizeBytes", "maxSizeBytes must be a whole number of bytes above 0, got " + fields.get("maxSizeBytes"));
            Double accuracy = fields.get("minAccuracy") == null ? null : JsonFields.number(fields, "minAccuracy", 0);
            JsonFields.require(accuracy == null || accuracy > 0 && accuracy <= 100, "minAccuracy",
                    "minAccuracy is a percentage above 0 and at most 100 (88 = 88 %, as the metrics show it), got "
                            + accuracy);
            JsonFields.require(bits != null || size != null || accuracy != null, "minAccuracy",
                    "a target needs at least one of maxWeightBits, maxSizeBytes, minAccuracy");
            return new Target(dataset, model, bits, size, accuracy, JsonFields.flag(fields, "rankingBonus", false),
                    JsonFields.flag(fields, "anonymize", false));
        }

        private static String name(Map<String, ?> fields, String field) {
            Object value = fields.get(field);
            JsonFields.require(value instanceof String s && !s.isBlank() && s.length() <= 100, field,
                    field + " is required: the name of a " + field + " (at most 100 characters)");
            return ((String) value).strip();
        }

        public ExerciseKind kind() {
            return ExerciseKind.TARGET;
        }

        public Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("dataset", dataset);
            out.put("model", model);
            out.put("maxWeightBits", maxWeightBits);
            out.put("maxSizeBytes", maxSizeBytes);
            out.put("minAccuracy", minAccuracy);
            out.put("rankingBonus", rankingBonus);
            out.put("anonymize", anonymize);
            return out;
        }

        /** One point per threshold set, and one for the ranking when it counts. */
        public double maxScore() {
            return (maxWeightBits == null ? 0 : 1) + (maxSizeBytes == null ? 0 : 1) + (minAccuracy == null ? 0 : 1)
                    + (rankingBonus ? 1 : 0);
        }
    }

    /** A short answer graded by an instructor with points per rubric criterion. */
    record Essay(List<RubricCriterion> rubric) implements ExerciseConfig {
        public static final int MAX_CRITERIA = 20;
        public static final double MAX_POINTS = 100;

        public Essay {
            rubric = List.copyOf(rubric);
        }

        static Essay of(Map<String, ?> fields) {
            List<?> listed = list(fields, "rubric", MAX_CRITERIA);
            List<RubricCriterion> rubric = new ArrayList<>();
            for (int i = 0; i < listed.size(); i++) {
                String where = "rubric[" + i + "]";
                if (!(listed.get(i) instanceof Map<?, ?> line && line.get("criterion") instanceof String text
                        && line.get("points") instanceof Number points && line.size() == 2)) {
                    throw new InvalidInputException("rubric", where + " must be {\"criterion\":\"...\",\"points\":2}, got "
                            + InvalidInputException.quote(listed.get(i)));
                }
                String criterion = text.strip();
                JsonFields.require(!criterion.isEmpty() && criterion.length() <= 500, "rubric",
                        where + ": the criterion is 1–500 characters");
                double p = points.doubleValue();
                JsonFields.require(p > 0 && p <= MAX_POINTS, "rubric",
                        where + ": points must be above 0 and at most " + MAX_POINTS + ", got " + p);
                rubric.add(new RubricCriterion(criterion, p));
            }
            return new Essay(rubric);
        }

        public ExerciseKind kind() {
            return ExerciseKind.ESSAY;
        }

        public Map<String, Object> json() {
            return Map.of("rubric", rubric.stream().map(RubricCriterion::json).toList());
        }

        public double maxScore() {
            return rubric.stream().mapToDouble(RubricCriterion::points).sum();
        }
    }

    private static List<?> list(Map<String, ?> fields, String field, int max) {
        Object value = fields.get(field);
        JsonFields.require(value instanceof List<?> l && !l.isEmpty() && l.size() <= max, field,
                field + " must be a list of 1 to " + max + " entries, got " + InvalidInputException.quote(value));
        return (List<?>) value;
    }
}
