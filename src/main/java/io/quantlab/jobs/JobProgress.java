package io.quantlab.jobs;

/** One progress report of a job: which phase, step i of n, and the running loss and accuracy. */
public record JobProgress(String phase, long step, long steps, Double loss, Double accuracy) {
    public static final JobProgress WAITING = new JobProgress("queued", 0, 0, null, null);

    /** Share of the phase done, 0–100. */
    public double percent() {
        return steps <= 0 ? 0 : Math.min(100.0, 100.0 * step / steps);
    }
}
