package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an attempt of each kind must hold, and an essay's score from its rubric points. */
final class Attempts {
    static final int MAX_TEXT = 8000;
    static final int MAX_COMMENT = 4000;

    private Attempts() {}

    /**
     * The attempt as it is kept: {"answers":{...}} (numeric), {"experiment":42} (target) or
     * {"text":"..."} (essay); any other field is refused, naming it.
     */
    static Map<String, Object> payload(ExerciseKind kind, Map<String, ?> fields) {
        String field = switch (kind) {
            case NUMERIC -> "answers";
            case TARGET -> "experiment";
            case ESSAY -> "text";
        };
        for (String name : fields.keySet()) {
            JsonFields.require(name.equals(field), name, "a " + JsonFields.apiName(kind) + " exercise takes only \""
                    + field + "\", not " + InvalidInputException.quote(name));
        }
        JsonFields.require(fields.containsKey(field), field, field + " is required");
        Map<String, Object> kept = new LinkedHashMap<>();
        switch (kind) {
            case NUMERIC -> {
                JsonFields.require(fields.get(field) instanceof Map<?, ?>, field,
                        "answers must be an object: {\"1\":{\"scale\":0.01}, ...}");
                kept.put(field, fields.get(field));
            }
            case TARGET -> {
                long id = JsonFields.whole(fields, field, 0);
                JsonFields.require(id > 0, field, "experiment must be the id of one of your experiments, got " + id);
                kept.put(field, id);
            }
            case ESSAY -> kept.put(field, text(fields, field, MAX_TEXT, true));
        }
        return kept;
    }

    /** {"points":[2,1.5],"comment":"..."}: one number per criterion, 0 up to its points. */
    static Scored rubricScore(ExerciseConfig.Essay essay, Map<String, ?> fields) {
        for (String name : fields.keySet()) {
            JsonFields.require(name.equals("points") || name.equals("comment"), name,
                    "grading takes \"points\" and \"comment\", not " + InvalidInputException.quote(name));
        }
        List<RubricCriterion> rubric = essay.rubric();
        JsonFields.require(fields.get("points") instanceof List<?> l && l.size() == rubric.size(), "points",
                "points must be a list of " + rubric.size() + " numbers, one per rubric criterion");
        List<?> given = (List<?>) fields.get("points");
        List<Object> lines = new ArrayList<>();
        double score = 0;
        for (int i = 0; i < rubric.size(); i++) {
            RubricCriterion criterion = rubric.get(i);
            double p = given.get(i) instanceof Number n ? n.doubleValue() : Double.NaN;
            JsonFields.require(p >= 0 && p <= criterion.points(), "points", "points[" + i + "] (" + criterion.criterion()
                    + ") must be from 0 to " + criterion.points() + ", got " + InvalidInputException.quote(given.get(i)));
            score += p;
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("criterion", criterion.criterion());
            line.put("points", p);
            line.put("of", criterion.points());
            lines.add(line);
        }
        String comment = fields.containsKey("comment") ? text(fields, "comment", MAX_COMMENT, false) : "";
        return new Scored(Math.min(score, essay.maxScore()), essay.maxScore(), Map.of("rubric", lines, "comment", comment));
    }

    /** Text up to {@code max} characters; line breaks and tabs allowed, other control characters not. */
    private static String text(Map<String, ?> fields, String field, int max, boolean required) {
        Object value = fields.get(field);
        JsonFields.require(value instanceof String, field, field + " must be text");
        String text = ((String) value).strip();
        JsonFields.require(!required || !text.isEmpty(), field, field + " is empty");
        JsonFields.require(text.length() <= max, field, field + ": at most " + max + " characters, got " + text.length());
        JsonFields.require(text.chars().noneMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t'),
                field, field + ": no control characters");
        return text;
    }
}
