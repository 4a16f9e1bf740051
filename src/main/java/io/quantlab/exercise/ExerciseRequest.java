package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A new exercise as the API sends it: the common fields (kind, title, body, the schedule,
 * feedback timing) and its kind's own ({@link ExerciseConfig}); any other field is refused.
 */
public record ExerciseRequest(String title, String body, ExerciseConfig config, Schedule schedule,
                              FeedbackTiming feedbackTiming) {
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY = 10_000;
    private static final Set<String> COMMON = Set.of("kind", "title", "body", "opensAt", "dueAt", "locksAt",
            "latePenaltyPercentPerDay", "feedback");

    /** @throws InvalidInputException naming the first bad or unknown field; nothing is stored */
    public static ExerciseRequest of(Map<String, ?> fields) {
        JsonFields.require(fields.get("kind") instanceof String, "kind",
                "kind is required: one of " + JsonFields.names(ExerciseKind.class));
        ExerciseKind kind = JsonFields.choice(fields, "kind", ExerciseKind.class, null);
        Set<String> known = new HashSet<>(COMMON);
        known.addAll(ExerciseConfig.fieldNames(kind));
        for (String field : fields.keySet()) {
            JsonFields.require(known.contains(field), field, "unknown field " + InvalidInputException.quote(field)
                    + " for a " + JsonFields.apiName(kind) + " exercise");
        }
        String title = fields.get("title") instanceof String t ? t.strip() : "";
        JsonFields.require(!title.isEmpty() && title.length() <= MAX_TITLE && title.chars().noneMatch(Character::isISOControl),
                "title", "title: 1–" + MAX_TITLE + " characters, no line breaks");
        Object bodyValue = fields.containsKey("body") ? fields.get("body") : "";
        JsonFields.require(bodyValue instanceof String b && b.length() <= MAX_BODY, "body",
                "body: the exercise's text, at most " + MAX_BODY + " characters");
        Schedule schedule = new Schedule(instant(fields, "opensAt"), instant(fields, "dueAt"), instant(fields, "locksAt"),
                JsonFields.number(fields, "latePenaltyPercentPerDay", 0));
        FeedbackTiming timing = JsonFields.choice(fields, "feedback", FeedbackTiming.class, FeedbackTiming.IMMEDIATE);
        return new ExerciseRequest(title, ((String) bodyValue).strip(), ExerciseConfig.of(kind, fields), schedule, timing);
    }

    /** An ISO-8601 instant with its offset: "2026-12-06T18:00:00Z" or "2026-12-06T19:00:00+01:00". */
    static Instant instant(Map<String, ?> fields, String field) {
        Object value = fields.get(field);
        if (value instanceof String text) {
            try {
                return java.time.OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e) {
                // the message below says what is expected
            }
        }
        throw new InvalidInputException(field, field + " must be a date and time with its offset, e.g."
                + " \"2026-12-06T18:00:00Z\", got " + InvalidInputException.quote(value));
    }
}
