package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A change of an exercise as {@code PATCH /api/exercises/{id}} sends it: the creation's field
 * names, only those given change, and the result is checked whole as on creation. What a student
 * was given cannot change once one has opened or handed it in: a numeric exercise's questions
 * (their numbers), an essay's rubric (the points graded by it), a target's data set and model.
 * The kind never changes.
 *
 * @param changed the API names of the fields whose value differs, in the creation's order
 */
record ExerciseEdit(ExerciseRequest request, List<String> changed) {
    /** Fields fixed once a student opened or handed in the exercise. */
    static final Set<String> FIXED_ONCE_SEEN = Set.of("questions", "rubric", "dataset", "model");

    /**
     * @param seen whether a student has opened or handed in the exercise
     * @throws InvalidInputException naming the first bad field or one that may not change; nothing is stored
     */
    static ExerciseEdit of(Exercise current, Map<String, ?> patch, boolean seen) {
        Object kind = patch.get("kind");
        JsonFields.require(kind == null || JsonFields.apiName(current.kind()).equals(kind), "kind",
                "kind cannot change (this exercise is " + JsonFields.apiName(current.kind())
                        + "); create a new exercise instead");
        Map<String, Object> before = fields(current);
        Map<String, Object> merged = new LinkedHashMap<>(before);
        merged.putAll(patch);
        ExerciseRequest request = ExerciseRequest.of(merged);
        Map<String, Object> after = fields(request);
        List<String> changed = new ArrayList<>();
        after.forEach((field, value) -> {
            if (!Objects.equals(before.get(field), value)) {
                changed.add(field);
            }
        });
        for (String field : changed) {
            JsonFields.require(!seen || !FIXED_ONCE_SEEN.contains(field), field, field + " cannot change once a student"
                    + " has opened or handed in this exercise: what they were given would change under them; create a"
                    + " new exercise instead");
        }
        return new ExerciseEdit(request, List.copyOf(changed));
    }

    /** The exercise as its creation's fields: what a patch is laid over. */
    private static Map<String, Object> fields(Exercise e) {
        return fields(new ExerciseRequest(e.title(), e.body(), e.config(), e.schedule(), e.feedbackTiming()));
    }

    private static Map<String, Object> fields(ExerciseRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kind", JsonFields.apiName(r.config().kind()));
        out.put("title", r.title());
        out.put("body", r.body());
        out.put("opensAt", r.schedule().opensAt().toString());
        out.put("dueAt", r.schedule().dueAt().toString());
        out.put("locksAt", r.schedule().locksAt().toString());
        out.put("latePenaltyPercentPerDay", r.schedule().latePenaltyPercentPerDay());
        out.put("feedback", JsonFields.apiName(r.feedbackTiming()));
        out.putAll(r.config().json());
        return out;
    }

    /** "dueAt, latePenaltyPercentPerDay" for the audit log; "nothing" when no value changed. */
    String changedText() {
        return changed.isEmpty() ? "nothing" : String.join(", ", changed);
    }
}
