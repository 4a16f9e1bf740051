package io.quantlab.jobs;

/**
 * One run of job {@code id}, holding the job's {@code restarts} count from when the run began: the
 * run may write to the job only while the job still carries that count (see {@link JobTable}).
 */
public record JobAttempt(long id, int restarts) {

    /** True when an earlier run of this job was cut off by its server stopping. */
    public boolean restarted() {
        return restarts > 0;
    }
}
