package io.quantlab.jobs;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A kind's table of jobs, as far as every kind shares it: columns {@code id}, {@code status},
 * {@code restarts}, {@code error}, {@code finished_at}; statuses QUEUED, then the kind's running
 * status, then FAILED, CANCELLED or the kind's own success. A job whose worker stopped before it
 * ended goes back to QUEUED and {@code restarts} goes up by one; that count also fences each run:
 * a run writes only while the row still carries the count it began with, so a run given up for
 * dead (and started again elsewhere) can no longer touch the job.
 */
public final class JobTable {
    /** A job cut off this many times is failed, not started again: it may be what stops the server. */
    public static final int MAX_RESTARTS = 3;
    private static final int REASON_CHARS = 200;
    private static final String QUEUED = "QUEUED";
    private static final String FAILED = "FAILED";
    private static final String CANCELLED = "CANCELLED";

    private final Database db;
    private final String table;
    private final String running;
    private final String cancelRequested;

    /**
     * @param running         the kind's name for a job being worked on, e.g. RUNNING
     * @param cancelRequested an SQL condition on the row, true when someone asked the job to stop
     *                        (FALSE for kinds whose jobs are cancelled by ending them at once)
     */
    public JobTable(Database db, String table, String running, String cancelRequested) {
        this.db = db;
        this.table = table;
        this.running = running;
        this.cancelRequested = cancelRequested;
    }

    /** Where a run stands: still the job's run, asked to stop, or no longer the job's run at all. */
    public enum RunState { CURRENT, CANCEL_REQUESTED, GONE }

    private record Row(String status, int restarts, boolean cancelRequested) {}

    /**
     * Takes job {@code id} for a run: QUEUED → running, or running → running again when the run
     * that had it is gone (that counts as a restart). Empty when the job is not to run: it has
     * ended, or it is ended here because it was cancelled or restarted too often.
     */
    public Optional<JobAttempt> claim(long id) {
        return db.transaction(tx -> {
            Row row = locked(tx, id).orElse(null);
            if (row == null || !unfinished(row)) {
                return Optional.<JobAttempt>empty();
            }
            int restarts = row.status().equals(running) ? row.restarts() + 1 : row.restarts();
            if (endedInstead(tx, id, row, restarts)) {
                return Optional.<JobAttempt>empty();
            }
            tx.update("UPDATE " + table + " SET status = ?, restarts = ? WHERE id = ?", running, restarts, id);
            return Optional.of(new JobAttempt(id, restarts));
        });
    }

    /**
     * Puts job {@code id} back in the queue after the worker running it stopped (found dead, or
     * shutting down); true when it should run again, false when it has ended (already, or here:
     * cancelled, or restarted too often).
     */
    boolean requeue(long id) {
        return requeue(id, null);
    }

    /** As {@link #requeue(long)}, only while {@code attempt} is the job's run. */
    boolean requeue(JobAttempt attempt) {
        return requeue(attempt.id(), attempt.restarts());
    }

    private boolean requeue(long id, Integer onlyAt) {
        return db.transaction(tx -> {
            Row row = locked(tx, id).orElse(null);
            if (row == null || !unfinished(row) || onlyAt != null && row.restarts() != onlyAt) {
                return false;
            }
            if (row.status().equals(QUEUED)) {
                return !endedInstead(tx, id, row, row.restarts()); // its worker stopped before claiming it
            }
            if (endedInstead(tx, id, row, row.restarts() + 1)) {
                return false;
            }
            tx.update("UPDATE " + table + " SET status = ?, restarts = ? WHERE id = ?", QUEUED, row.restarts() + 1,
                    id);
            return true;
        });
    }

    /** Ends a job that must not run again; false when it may. */
    private boolean endedInstead(Rows tx, long id, Row row, int restarts) {
        if (row.cancelRequested()) {
            end(tx, id, CANCELLED, null);
            return true;
        }
        if (restarts > MAX_RESTARTS) {
            end(tx, id, FAILED, "The server stopped " + restarts + " times while this job ran, so it is not started "
                    + "again; a job that needs more memory than the server has can stop it.");
            return true;
        }
        return false;
    }

    /** Ids of the jobs queued or running. */
    List<Long> unfinished() {
        return db.query("SELECT id FROM " + table + " WHERE status IN (?, ?) ORDER BY id", r -> r.getLong(1), QUEUED,
                running);
    }

    /** Where {@code attempt} stands; see {@link RunState}. */
    public RunState state(JobAttempt attempt) {
        return db.one("SELECT status, restarts, " + cancelRequested + " FROM " + table + " WHERE id = ?",
                JobTable::row, attempt.id())
                .map(row -> !row.status().equals(running) || row.restarts() != attempt.restarts() ? RunState.GONE
                        : row.cancelRequested() ? RunState.CANCEL_REQUESTED : RunState.CURRENT)
                .orElse(RunState.GONE);
    }

    /**
     * Runs {@code work} in one transaction that holds the job's row, if {@code attempt} is still the
     * job's run; false, with nothing done, otherwise. A run writes its progress and result through
     * this, so nothing it writes can land after the job was given to another run.
     */
    public boolean whileCurrent(JobAttempt attempt, Database.Work<?> work) {
        return db.transaction(tx -> {
            Optional<Row> row = locked(tx, attempt.id());
            if (row.isEmpty() || !row.get().status().equals(running) || row.get().restarts() != attempt.restarts()) {
                return false;
            }
            work.run(tx);
            return true;
        });
    }

    /** Ends the attempt's job as failed, saying why; false when it was no longer the job's run. */
    public boolean fail(JobAttempt attempt, String reason) {
        return whileCurrent(attempt, tx -> end(tx, attempt.id(), FAILED, reason));
    }

    /** Ends a job no run has taken (e.g. it could not be queued) as failed, saying why; false when it was taken or ended. */
    public boolean failUnclaimed(long id, String reason) {
        return db.transaction(tx -> {
            Row row = locked(tx, id).orElse(null);
            return row != null && row.status().equals(QUEUED) && end(tx, id, FAILED, reason) == 1;
        });
    }

    /** Ends the attempt's job as cancelled; false when it was no longer the job's run. */
    public boolean cancel(JobAttempt attempt) {
        return whileCurrent(attempt, tx -> end(tx, attempt.id(), CANCELLED, null));
    }

    private Optional<Row> locked(Rows tx, long id) {
        return tx.one("SELECT status, restarts, " + cancelRequested + " FROM " + table + " WHERE id = ? FOR UPDATE",
                JobTable::row, id);
    }

    private boolean unfinished(Row row) {
        return row.status().equals(QUEUED) || row.status().equals(running);
    }

    private int end(Rows tx, long id, String status, String error) {
        return tx.update("UPDATE " + table + " SET status = ?, error = ?, finished_at = ? WHERE id = ?", status,
                error == null || error.length() <= 2000 ? error : error.substring(0, 2000), Instant.now(), id);
    }

    private static Row row(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Row(r.getString(1), r.getInt(2), r.getBoolean(3));
    }

    /**
     * What broke, for the user: the exception's first line and at most {@value #REASON_CHARS}
     * characters (a database error's SQL statement and the stack trace stay in the server's log).
     */
    public static String failureReason(Throwable e) {
        String text = e.toString();
        int newline = text.indexOf('\n');
        String line = (newline < 0 ? text : text.substring(0, newline)).strip();
        return line.length() <= REASON_CHARS ? line : line.substring(0, REASON_CHARS) + "…";
    }
}
