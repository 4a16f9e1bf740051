package io.quantlab.jobs;

/**
 * One progress report of a job: which phase, step i of n, and the running loss and accuracy.
 * Rows of the phases {@link #EPOCH} (train loss and accuracy of an epoch) and {@link #VALIDATION}
 * (its validation accuracy) mark epoch ends for the charts; they are not a job's current state.
 */
public record JobProgress(String phase, long step, long steps, Double loss, Double accuracy) {
    public static final JobProgress WAITING = new JobProgress("queued", 0, 0, null, null);
    public static final String EPOCH = "epoch";
    public static final String VALIDATION = "validation";

    public boolean marksEpochEnd() {
        return EPOCH.equals(phase) || VALIDATION.equals(phase);
    }

    /** Share of the phase done, 0–100. */
    public double percent() {
        return steps <= 0 ? 0 : Math.min(100.0, 100.0 * step / steps);
    }
}
