package io.quantlab.jobs;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The job_progress table: an append-only trace per experiment. */
public final class ProgressStore {
    private static final String COLUMNS = "phase, step, steps, loss, accuracy";
    private final Database db;

    public ProgressStore(Database db) {
        this.db = db;
    }

    /** Appends within a run's transaction (see {@link JobTable#whileCurrent}). */
    public void append(Rows tx, long experimentId, int seq, JobProgress p) {
        tx.update("INSERT INTO job_progress (experiment_id, seq, " + COLUMNS + ", recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                experimentId, seq, p.phase(), p.step(), p.steps(), p.loss(), p.accuracy(), Instant.now());
    }

    public Optional<JobProgress> latest(long experimentId) {
        return db.one("SELECT " + COLUMNS + " FROM job_progress WHERE experiment_id = ? AND phase NOT IN (?, ?) "
                + "ORDER BY seq DESC LIMIT 1", ProgressStore::progress, experimentId, JobProgress.EPOCH,
                JobProgress.VALIDATION);
    }

    /** The latest report of {@code phase}. */
    public Optional<JobProgress> latest(long experimentId, String phase) {
        return db.one("SELECT " + COLUMNS + " FROM job_progress WHERE experiment_id = ? AND phase = ? "
                + "ORDER BY seq DESC LIMIT 1", ProgressStore::progress, experimentId, phase);
    }

    public List<JobProgress> history(long experimentId) {
        return db.query("SELECT " + COLUMNS + " FROM job_progress WHERE experiment_id = ? ORDER BY seq",
                ProgressStore::progress, experimentId);
    }

    /** A retried job starts its trace afresh. */
    public void clear(Rows tx, long experimentId) {
        tx.update("DELETE FROM job_progress WHERE experiment_id = ?", experimentId);
    }

    private static JobProgress progress(java.sql.ResultSet r) throws java.sql.SQLException {
        return new JobProgress(r.getString("phase"), r.getLong("step"), r.getLong("steps"),
                Rows.nullableDouble(r, "loss"), Rows.nullableDouble(r, "accuracy"));
    }
}
