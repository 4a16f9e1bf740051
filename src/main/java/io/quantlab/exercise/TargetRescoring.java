package io.quantlab.exercise;

import java.util.Optional;

/**
 * A target attempt scored again from its stored check with the exercise's current thresholds
 * (after an instructor changed them); empty when no check of that experiment is stored.
 */
@FunctionalInterface
public interface TargetRescoring {
    Optional<Scored> rescore(Exercise exercise, long studentId, long experimentId);
}
