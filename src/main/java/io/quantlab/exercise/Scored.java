package io.quantlab.exercise;

import java.util.Map;

/**
 * An attempt's score before any late penalty, out of {@code maxScore}, and the feedback a student
 * sees (JSON-ready: plain maps, lists, numbers and text).
 */
public record Scored(double score, double maxScore, Map<String, Object> feedback) {
    public Scored {
        if (!(maxScore > 0 && score >= 0 && score <= maxScore)) {
            throw new IllegalArgumentException("score " + score + " of " + maxScore);
        }
        feedback = Map.copyOf(feedback);
    }
}
