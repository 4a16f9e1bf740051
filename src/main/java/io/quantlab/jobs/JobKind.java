package io.quantlab.jobs;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * One kind of job (a training, a data set import, an imported model's evaluation, …): its name in
 * the queue (db-scheduler's task name), the table that keeps its jobs' state, its work, and what
 * to free when a job ends without its work seeing it end. {@link JobQueue} claims a job before
 * its work runs and makes sure every run leaves it ended or back in the queue.
 *
 * @param leftBehind frees what job {@code id} still holds once it ended without a run seeing it
 *                   end (cancelled while its worker was gone, restarted too often, or finished by a
 *                   run whose worker stopped right after); may be called more than once
 */
public record JobKind(String name, JobTable table, Work work, LongConsumer leftBehind) {

    /** A kind whose jobs hold nothing outside their row. */
    public JobKind(String name, JobTable table, Work work) {
        this(name, table, work, id -> { });
    }

    /** A kind's work on one claimed job. */
    @FunctionalInterface
    public interface Work {
        /**
         * Does the job's work and records how it ended, writing only through the kind's
         * {@link JobTable}'s checks on {@code attempt}. When {@code stopping} turns true (the server
         * is shutting down) it returns soon, leaving the job unfinished to be put back in the queue,
         * or ends it itself when a restart cannot resume it.
         */
        void run(JobAttempt attempt, BooleanSupplier stopping);
    }
}
