package io.quantlab.exercise;

import io.quantlab.InvalidInputException;
import io.quantlab.account.User;
import java.util.Optional;

/**
 * Grades a target exercise's attempt: checks the submitted experiment against the exercise's
 * constraints and queues its re-evaluation on the hidden split. Implemented beside the leaderboard; until
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
     * Where the hidden-split evaluation of a handed-in experiment stands, with a failure's reason and
     * the hidden accuracy (for instructors only; a student is shown its status alone); empty when there is none.
     */
    default Optional<HiddenEvaluationState> hiddenEvaluationState(Exercise exercise, long studentId, long experimentId) {
        return Optional.empty();
    }

    TargetGrading UNAVAILABLE = (exercise, student, experimentId) -> {
        throw new InvalidInputException("experiment", "target exercises cannot be graded on this server yet;"
                + " nothing was stored");
    };
}
