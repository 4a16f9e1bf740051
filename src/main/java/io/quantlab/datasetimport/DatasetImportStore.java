package io.quantlab.datasetimport;

import io.quantlab.data.StagedUpload;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.JobTable;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The dataset_imports table: one row per upload, with its job's current phase and step. */
public final class DatasetImportStore {
    private static final String SELECT = "SELECT i.id, i.name, i.file_name, i.size_bytes, i.format, i.status, i.phase, "
            + "i.step, i.steps, i.error, i.created_at, i.restarts, u.display_name FROM dataset_imports i "
            + "JOIN users u ON u.id = i.owner_id ";
    private static final String UNFINISHED = "('QUEUED', 'DECODING')";

    private final Database db;
    private final JobTable jobs;

    public DatasetImportStore(Database db) {
        this.db = db;
        // a cancel ends an import at once; its run notices at its next progress report
        this.jobs = new JobTable(db, "dataset_imports", DatasetImportStatus.DECODING.name(), "FALSE");
    }

    /** The uploads as a table of import jobs. */
    JobTable jobs() {
        return jobs;
    }

    long insertQueued(long ownerId, StagedUpload staged, String fileName, long sizeBytes) {
        return db.insert("INSERT INTO dataset_imports (owner_id, name, file_name, size_bytes, format, upload_folder, "
                + "status, step, steps, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)", ownerId, staged.name(),
                fileName, sizeBytes, staged.format(), staged.folder(), DatasetImportStatus.QUEUED.name(), Instant.now());
    }

    /** The newest uploads first. */
    public List<DatasetImport> recent(int limit) {
        return db.query(SELECT + "ORDER BY i.id DESC LIMIT ?", DatasetImportStore::datasetImport, limit);
    }

    Optional<DatasetImport> find(long id) {
        return db.one(SELECT + "WHERE i.id = ?", DatasetImportStore::datasetImport, id);
    }

    Optional<StagedUpload> staged(long id) {
        return db.one("SELECT name, upload_folder, format FROM dataset_imports WHERE id = ?",
                r -> new StagedUpload(r.getString("name"), r.getString("upload_folder"), r.getString("format")), id);
    }

    /** True while an upload of this name waits or is being decoded: the name is taken. */
    boolean unfinished(String name) {
        return db.one("SELECT id FROM dataset_imports WHERE name = ? AND status IN " + UNFINISHED,
                r -> r.getLong(1), name).isPresent();
    }

    /** Records the decoding run's progress; false when the import is no longer this run's (it was cancelled). */
    boolean progress(JobAttempt attempt, JobProgress p) {
        return db.update("UPDATE dataset_imports SET phase = ?, step = ?, steps = ? "
                + "WHERE id = ? AND status = 'DECODING' AND restarts = ?", p.phase(), p.step(), p.steps(), attempt.id(), attempt.restarts()) == 1;
    }

    /**
     * Ends an import that is still {@code from} (QUEUED or DECODING) as cancelled; false when it
     * was not, e.g. a worker took it or it ended meanwhile.
     */
    boolean cancel(long id, DatasetImportStatus from) {
        return db.update("UPDATE dataset_imports SET status = 'CANCELLED', finished_at = ? WHERE id = ? AND status = ?",
                Instant.now(), id, from.name()) == 1;
    }

    void ready(JobAttempt attempt) {
        jobs.whileCurrent(attempt, tx -> tx.update("UPDATE dataset_imports SET status = 'READY', error = NULL, "
                + "finished_at = ? WHERE id = ?", Instant.now(), attempt.id()));
    }

    private static DatasetImport datasetImport(ResultSet r) throws SQLException {
        DatasetImportStatus status = DatasetImportStatus.valueOf(r.getString("status"));
        String phase = r.getString("phase");
        JobProgress progress = phase == null ? JobProgress.WAITING
                : new JobProgress(phase, r.getLong("step"), r.getLong("steps"), null, null);
        return new DatasetImport(r.getLong("id"), r.getString("display_name"), r.getString("name"),
                r.getString("file_name"), r.getLong("size_bytes"), r.getString("format"), status, progress,
                r.getString("error"), Rows.instant(r, "created_at"), r.getInt("restarts"));
    }
}
