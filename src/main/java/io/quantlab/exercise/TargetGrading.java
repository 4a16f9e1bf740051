package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;

/**
 * Grades a target exercise's attempt: checks the submitted experiment against the exercise's
 * constraints and re-evaluates it on the hidden split. Implemented beside the leaderboard; until
 * a server has it, {@link #UNAVAILABLE} refuses every target attempt with a clear 400.
 */
public interface TargetGrading {

    /**
     * @param experimentId the student's experiment as submitted ({"experiment":42})
     * @return the score before the late penalty, out of the exercise's maximum
     * @throws InvalidInputException (field "experiment") when it is not the student's own finished
     *                               experiment of the exercise's data set and model; nothing is stored
     */
    Scored grade(Exercise exercise, User student, long experimentId);

    /**
     * An attempt scored again from its stored check, with the exercise's current thresholds (after
     * an instructor changed them); empty when no check of that experiment is stored.
     */
    default java.util.Optional<Scored> rescore(Exercise exercise, long studentId, long experimentId) {
        return java.util.Optional.empty();
    }

    TargetGrading UNAVAILABLE = (exercise, student, experimentId) -> {
        throw new InvalidInputException("experiment", "target exercises cannot be graded on this server yet;"
                + " nothing was stored");
    };
}
