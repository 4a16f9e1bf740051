package io.quantlab.target;

/**
 * Where a target result's hidden-split evaluation stands: a job of its own (its row in
 * target_results), queued when the attempt is handed in, DONE with the hidden accuracy, or FAILED
 * with a reason for the instructor (the attempt and its constraint score are kept either way).
 */
public enum HiddenEvaluationStatus {
    QUEUED, RUNNING, DONE, FAILED;

    /** Still to come: queued or running. */
    public boolean pending() {
        return this == QUEUED || this == RUNNING;
    }
}
