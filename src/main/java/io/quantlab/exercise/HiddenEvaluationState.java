package io.quantlab.exercise;

/**
 * Where a target attempt's hidden-split evaluation stands, as its course's instructors see it.
 *
 * @param status   "queued", "running", "done" or "failed"
 * @param reason   why it failed, else null
 * @param accuracy the hidden-split top-1 percent once done, else null; never shown to a student
 *                 before the deadline
 */
public record HiddenEvaluationState(String status, String reason, Double accuracy) {

    public boolean failed() {
        return "failed".equals(status);
    }
}
