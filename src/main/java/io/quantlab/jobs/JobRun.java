package io.quantlab.jobs;

import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one job, whatever its kind: claims the job, lets the kind work, and makes sure the
 * job is left ended or, when the server is stopping, back in the queue; never running with no
 * one at work on it.
 */
final class JobRun {
    private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

    private JobRun() {
    }

    /** Runs job {@code id}; true when it went back in the queue and should run again. */
    static boolean run(JobKind kind, long id, BooleanSupplier stopping) {
        JobTable table = kind.table();
        Optional<JobAttempt> claimed = table.claim(id);
        if (claimed.isEmpty()) {
            kind.leftBehind().accept(id);
            return false;
        }
        JobAttempt attempt = claimed.get();
        try {
            kind.work().run(attempt, stopping);
        } catch (RuntimeException | Error e) {
            if (stopping.getAsBoolean()) {
                LOG.warn("{} job {} broke off as the server stops", kind.name(), id, e); // e.g. interrupted
            } else {
                LOG.error("{} job {} failed", kind.name(), id, e);
                table.fail(attempt, "The job failed on the server: " + JobTable.failureReason(e));
            }
        }
        JobTable.RunState state = table.state(attempt);
        if (state == JobTable.RunState.GONE) {
            return false; // it ended, or another run has it
        }
        if (stopping.getAsBoolean()) {
            if (table.requeue(attempt)) {
                return true;
            }
            kind.leftBehind().accept(id);
            return false;
        }
        if (state == JobTable.RunState.CANCEL_REQUESTED) {
            table.cancel(attempt);
        } else {
            LOG.error("{} job {} returned without an ending", kind.name(), id);
            table.fail(attempt, "The job stopped without a result.");
        }
        return false;
    }

    /** The worker running job {@code id} is gone: puts the job back in the queue; true when it should run again. */
    static boolean workerGone(JobKind kind, long id) {
        if (kind.table().requeue(id)) {
            return true;
        }
        kind.leftBehind().accept(id);
        return false;
    }
}
