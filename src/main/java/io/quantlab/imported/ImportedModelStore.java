package io.quantlab.imported;

import io.quantlab.Json;
import io.quantlab.experiment.ExperimentStatus;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobTable;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.store.Sha256;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

public final class ImportedModelStore {
    private static final String SELECT = "SELECT m.id, m.name, m.dataset, m.file_name, m.status, m.metrics, m.error, "
            + "m.created_at, m.restarts, u.display_name FROM imported_models m JOIN users u ON u.id = m.owner_id ";
    private final Database db;
    private final JobTable jobs;

    public ImportedModelStore(Database db) {
        this.db = db;
        this.jobs = new JobTable(db, "imported_models", ExperimentStatus.RUNNING.name(), "FALSE");
    }

    /** The imported models as a table of evaluation jobs. */
    JobTable jobs() {
        return jobs;
    }

    long insertQueued(long ownerId, String name, String dataset, String fileName, byte[] content) {
        return db.insert("INSERT INTO imported_models (owner_id, name, dataset, file_name, content, sha256, status, "
                + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ownerId, name, dataset, fileName, content,
                Sha256.hex(content), ExperimentStatus.QUEUED.name(), Instant.now());
    }

    public List<ImportedModel> all() {
        return db.query(SELECT + "ORDER BY m.id DESC", ImportedModelStore::model);
    }

    Optional<ImportedModel> find(long id) {
        return db.one(SELECT + "WHERE m.id = ?", ImportedModelStore::model, id);
    }

    Optional<byte[]> content(long id) {
        return db.one("SELECT content FROM imported_models WHERE id = ?", r -> r.getBytes(1), id);
    }

    /** Records the evaluation's result, if {@code attempt} is still the model's evaluation. */
    void finish(JobAttempt attempt, ImportedMetrics metrics) {
        jobs.whileCurrent(attempt, tx -> tx.update("UPDATE imported_models SET status = 'DONE', metrics = ?, "
                + "error = NULL, finished_at = ? WHERE id = ?", Json.write(metrics), Instant.now(), attempt.id()));
    }

    private static ImportedModel model(ResultSet r) throws SQLException {
        String metrics = r.getString("metrics");
        return new ImportedModel(r.getLong("id"), r.getString("display_name"), r.getString("name"),
                r.getString("dataset"), r.getString("file_name"), ExperimentStatus.valueOf(r.getString("status")),
                metrics == null ? null : Json.read(metrics, ImportedMetrics.class), r.getString("error"),
                Rows.instant(r, "created_at"), r.getInt("restarts"));
    }
}
