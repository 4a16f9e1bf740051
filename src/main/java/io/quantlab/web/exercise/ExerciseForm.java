package io.quantlab.web.exercise;

import io.javalin.http.Context;
import io.quantlab.InvalidInputException;
import io.quantlab.exercise.ChoiceItem;
import io.quantlab.exercise.Exercise;
import io.quantlab.exercise.ExerciseConfig;
import io.quantlab.exercise.NumericTemplate;
import io.quantlab.exercise.QuestionBank;
import io.quantlab.exercise.StudentQuestion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages' forms as the API's fields, so a page and the API go through the same checks and
 * answer the same 400s. A value that is not a number is passed on as typed: the API's reader then
 * names the field.
 */
final class ExerciseForm {
    static final int MAX_PER_TEMPLATE = 5;
    private static final Pattern LOCAL_MINUTE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
    private static final Pattern RUBRIC_LINE = Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*\\|\\s*(.*)");

    /** The form's words for the API's field names a message may mention (single words already read as such). */
    private static final Map<String, String> LABELS = Map.ofEntries(Map.entry("opensAt", "Opens at"),
            Map.entry("dueAt", "Due"), Map.entry("locksAt", "Locks at"),
            Map.entry("latePenaltyPercentPerDay", "Late penalty"), Map.entry("tolerancePercent", "Tolerance"),
            Map.entry("maxAttempts", "Attempts"), Map.entry("maxWeightBits", "Weights at most"),
            Map.entry("maxSizeBytes", "Size at most"), Map.entry("minAccuracy", "Accuracy at least"));
    /** A quoted value (left as the user typed it) or a field name as a whole word. */
    private static final Pattern QUOTED_OR_FIELD = Pattern.compile("('[^']*')|\\b("
            + String.join("|", LABELS.keySet()) + ")\\b");

    private ExerciseForm() {}

    /**
     * A refusal as the form shows it: the API's field names in its labels ("locksAt (…) must not be
     * before dueAt (…)" reads "Locks at (…) must not be before Due (…)"); the API keeps the names.
     */
    static String worded(InvalidInputException e) {
        return QUOTED_OR_FIELD.matcher(e.getMessage()).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1) != null ? m.group(1) : LABELS.get(m.group(2))));
    }

    /** Every form field as typed, to show again after a 400. */
    static Map<String, String> sent(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.formParamMap().forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        out.remove("_csrf");
        return out;
    }

    /** The create form: dates in UTC from datetime-local boxes, questions as counts per template and ticked bank items. */
    static Map<String, Object> exercise(Map<String, String> form) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String kind = form.getOrDefault("kind", "");
        fields.put("kind", kind);
        common(fields, form, null);
        switch (kind) {
            case "numeric" -> {
                List<Object> questions = new ArrayList<>();
                for (NumericTemplate t : QuestionBank.numeric()) {
                    Object count = number(form.getOrDefault("t." + t.id(), ""));
                    int times = count instanceof Double d ? (int) Math.max(0, Math.min(MAX_PER_TEMPLATE, d)) : 0;
                    for (int i = 0; i < times; i++) {
                        questions.add(Map.of("template", t.id()));
                    }
                }
                for (ChoiceItem c : QuestionBank.choices()) {
                    if (form.containsKey("c." + c.id())) {
                        questions.add(Map.of("choice", c.id()));
                    }
                }
                fields.put("questions", questions);
                putNumber(fields, form, "tolerancePercent");
                putNumber(fields, form, "maxAttempts");
            }
            case "essay" -> fields.put("rubric", rubric(form.getOrDefault("rubric", "")));
            case "target" -> {
                fields.put("dataset", form.getOrDefault("dataset", ""));
                fields.put("model", form.getOrDefault("model", ""));
                putNumber(fields, form, "maxWeightBits");
                putNumber(fields, form, "maxSizeBytes");
                putNumber(fields, form, "minAccuracy");
                fields.put("rankingBonus", form.containsKey("rankingBonus"));
                fields.put("anonymize", form.containsKey("anonymize"));
            }
            default -> { }
        }
        return fields;
    }

    /**
     * The edit form: what may change at any time. A date left as shown (to the minute) is not
     * sent, so an exercise due at 18:00:30 keeps its seconds; an emptied threshold box removes it.
     */
    static Map<String, Object> edit(Exercise exercise, Map<String, String> form) {
        Map<String, Object> fields = new LinkedHashMap<>();
        common(fields, form, exercise);
        if (exercise.config() instanceof ExerciseConfig.Numeric) {
            putNumber(fields, form, "tolerancePercent");
            putNumber(fields, form, "maxAttempts");
        } else if (exercise.config() instanceof ExerciseConfig.Target) {
            for (String threshold : List.of("maxWeightBits", "maxSizeBytes", "minAccuracy")) {
                fields.put(threshold, number(form.getOrDefault(threshold, "")));
            }
            fields.put("rankingBonus", form.containsKey("rankingBonus"));
            fields.put("anonymize", form.containsKey("anonymize"));
        }
        return fields;
    }

    /** A date as the form's datetime-local box shows it: UTC, to the minute. */
    static String minute(Instant at) {
        return at.toString().substring(0, 16);
    }

    /** Title, text, dates in UTC from datetime-local boxes, late penalty and feedback; dates as shown of {@code shown} left out. */
    private static void common(Map<String, Object> fields, Map<String, String> form, Exercise shown) {
        fields.put("title", form.getOrDefault("title", ""));
        fields.put("body", form.getOrDefault("body", ""));
        for (String date : List.of("opensAt", "dueAt", "locksAt")) {
            String typed = form.getOrDefault(date, "").strip();
            if (shown != null && typed.equals(minute(shownDate(shown, date)))) {
                continue;
            }
            fields.put(date, LOCAL_MINUTE.matcher(typed).matches() ? typed + ":00Z" : typed);
        }
        putNumber(fields, form, "latePenaltyPercentPerDay");
        fields.put("feedback", form.getOrDefault("feedback", "immediate"));
    }

    private static Instant shownDate(Exercise e, String date) {
        return switch (date) {
            case "opensAt" -> e.schedule().opensAt();
            case "dueAt" -> e.schedule().dueAt();
            default -> e.schedule().locksAt();
        };
    }

    /** "2 | names the ranges" per line; a line without points is refused naming its line as the box shows it. */
    private static List<Object> rubric(String text) {
        List<Object> out = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            Matcher m = RUBRIC_LINE.matcher(lines[i]);
            if (!m.matches()) {
                throw new InvalidInputException("rubric", "rubric, line " + (i + 1) + ": write its points first, as"
                        + " points | criterion (e.g. 2 | names the ranges), got " + InvalidInputException.quote(lines[i]));
            }
            out.add(Map.of("criterion", m.group(2), "points", Double.parseDouble(m.group(1))));
        }
        return out;
    }

    /** A student's attempt: q1.value, q3.choice … for numeric questions, else "text" or "experiment". */
    static Map<String, Object> attempt(ExerciseConfig config, List<StudentQuestion> questions, Map<String, String> form) {
        if (config instanceof ExerciseConfig.Numeric) {
            Map<String, Object> answers = new LinkedHashMap<>();
            for (StudentQuestion q : questions) {
                Map<String, Object> mine = new LinkedHashMap<>();
                List<String> keys = q.isChoice() ? List.of("choice") : q.fields().stream().map(StudentQuestion.Field::key).toList();
                for (String key : keys) {
                    Object value = number(form.getOrDefault("q" + q.number() + "." + key, ""));
                    if (value != null) {
                        mine.put(key, value);
                    }
                }
                answers.put(String.valueOf(q.number()), mine);
            }
            return Map.of("answers", answers);
        }
        if (config instanceof ExerciseConfig.Target) {
            Object id = number(form.getOrDefault("experiment", ""));
            return Map.of("experiment", id == null ? "" : id);
        }
        return Map.of("text", form.getOrDefault("text", ""));
    }

    /** An essay's grading form: points.0, points.1 … and the comment. */
    static Map<String, Object> grading(ExerciseConfig.Essay essay, Map<String, String> form) {
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < essay.rubric().size(); i++) {
            Object p = number(form.getOrDefault("points." + i, ""));
            points.add(p == null ? "" : p);
        }
        return Map.of("points", points, "comment", form.getOrDefault("comment", ""));
    }

    private static void putNumber(Map<String, Object> fields, Map<String, String> form, String field) {
        Object value = number(form.getOrDefault(field, ""));
        if (value != null) {
            fields.put(field, value);
        }
    }

    /** null for an empty box, a Double when it reads as one, else the text as typed. */
    private static Object number(String typed) {
        String text = typed.strip();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
