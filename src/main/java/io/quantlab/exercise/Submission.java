package io.quantlab.exercise;

import java.time.Instant;
import java.util.Map;

/**
 * One attempt, kept for good. {@code score} (before the late penalty), {@code maxScore},
 * {@code feedback} and {@code gradedAt} are null until it is graded; {@code gradedBy} is null when
 * the server graded it.
 */
public record Submission(long id, long exerciseId, long studentId, Instant createdAt, Map<String, Object> payload,
                         boolean late, Double score, Double maxScore, Map<String, Object> feedback, Long gradedBy,
                         Instant gradedAt) {

    public boolean graded() {
        return score != null;
    }
}
