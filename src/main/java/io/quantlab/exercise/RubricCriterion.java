package io.quantlab.exercise;

import java.util.Map;

/** One line of an essay's rubric: what the answer should show, and what it is worth. */
public record RubricCriterion(String criterion, double points) {
    public Map<String, Object> json() {
        return Map.of("criterion", criterion, "points", points);
    }
}
