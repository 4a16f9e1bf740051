package io.quantlab.target;

import io.quantlab.Json;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobTable;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.store.StoreException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The target_results table (V28, V34): one row per exercise, student and experiment handed in,
 * which is also the job that evaluates it on the hidden split; and which result counts for each
 * student of an exercise.
 */
public final class TargetResultStore {
    private static final String SELECT = "SELECT exercise_id, student_id, experiment_id, method, bits, weight_bits, "
            + "size_bytes, latency_ms, visible_accuracy, status, hidden_accuracy, evaluated_in, evaluation_ms, "
            + "evaluated_at, error FROM target_results ";

    private final Database db;
    private final JobTable jobs;

    public TargetResultStore(Database db) {
        this.db = db;
        this.jobs = new JobTable(db, "target_results", HiddenEvaluationStatus.RUNNING.name(), "FALSE");
    }

    /** The results as a table of hidden-split evaluation jobs. */
    JobTable jobs() {
        return jobs;
    }

    public Optional<TargetResult> of(long exerciseId, long studentId, long experimentId) {
        return db.one(SELECT + "WHERE exercise_id = ? AND student_id = ? AND experiment_id = ?",
                TargetResultStore::result, exerciseId, studentId, experimentId);
    }

    /** The result whose evaluation is job {@code id}. */
    Optional<TargetResult> byId(long id) {
        return db.one(SELECT + "WHERE id = ?", TargetResultStore::result, id);
    }

    /**
     * Stores {@code r}'s checked numbers with its hidden evaluation queued and returns the job's id;
     * empty when the same exercise, student and experiment are stored already (handed in before, or
     * by a concurrent request): that evaluation is the one that counts, not done again.
     */
    Optional<Long> queue(TargetResult r) {
        if (of(r.exerciseId(), r.studentId(), r.experimentId()).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(db.insert("INSERT INTO target_results (exercise_id, student_id, experiment_id, method, "
                    + "bits, weight_bits, size_bytes, latency_ms, visible_accuracy, status) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", r.exerciseId(), r.studentId(), r.experimentId(),
                    r.method(), r.bits(), r.weightBits(), r.sizeBytes(), r.latencyMs(), r.visibleAccuracy(),
                    HiddenEvaluationStatus.QUEUED.name()));
        } catch (StoreException e) {
            if (e.isDuplicateKey()) {
                return Optional.empty(); // the unique key: a concurrent request stored it first
            }
            throw e;
        }
    }

    /**
     * Puts a failed evaluation back in the queue, counting afresh, and returns its job's id; empty
     * when it has not failed (a concurrent request put it back first).
     */
    Optional<Long> retry(long exerciseId, long studentId, long experimentId) {
        return db.transaction(tx -> {
            Optional<Long> id = tx.one("SELECT id FROM target_results WHERE exercise_id = ? AND student_id = ? AND "
                    + "experiment_id = ? AND status = ? FOR UPDATE", r -> r.getLong(1), exerciseId, studentId,
                    experimentId, HiddenEvaluationStatus.FAILED.name());
            id.ifPresent(job -> tx.update("UPDATE target_results SET status = ?, restarts = 0, error = NULL, "
                    + "finished_at = NULL WHERE id = ?", HiddenEvaluationStatus.QUEUED.name(), job));
            return id;
        });
    }

    /** The hidden evaluation of the experiment done already, for another exercise or student's hand-in. */
    Optional<HiddenEvaluation.Result> evaluated(long experimentId) {
        return db.one("SELECT hidden_accuracy, evaluated_in, evaluation_ms FROM target_results WHERE experiment_id = ? "
                + "AND status = ? ORDER BY id LIMIT 1", r -> new HiddenEvaluation.Result(r.getDouble(1), r.getString(2),
                r.getDouble(3)), experimentId, HiddenEvaluationStatus.DONE.name());
    }

    /** Records the hidden accuracy, if {@code attempt} is still the evaluation's run. */
    void finish(JobAttempt attempt, HiddenEvaluation.Result hidden, Instant at) {
        jobs.whileCurrent(attempt, tx -> tx.update("UPDATE target_results SET status = ?, hidden_accuracy = ?, "
                + "evaluated_in = ?, evaluation_ms = ?, evaluated_at = ?, error = NULL, finished_at = ? WHERE id = ?",
                HiddenEvaluationStatus.DONE.name(), hidden.accuracy(), hidden.evaluatedIn(), hidden.millis(), at, at,
                attempt.id()));
    }

    /**
     * A student on an exercise's board: their name, the result of the attempt that counts for their
     * grade, and that attempt's id, score before the late penalty and time.
     */
    public record Entry(long studentId, String name, TargetResult result, long submissionId, double score,
                        java.time.Instant submittedAt) {}

    /**
     * For each student with a grade on the exercise, the result of the submission that counts (the
     * newest unless an instructor picked another); students whose counted attempt has no result are left out.
     */
    public List<Entry> counted(long exerciseId) {
        return db.query("SELECT g.student_id, u.display_name, s.payload, s.id, s.score, s.created_at FROM grades g "
                        + "JOIN submissions s ON s.id = g.submission_id JOIN users u ON u.id = g.student_id "
                        + "WHERE g.exercise_id = ? AND s.score IS NOT NULL ORDER BY g.student_id",
                r -> new Object[] {r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getDouble(5),
                        Rows.instant(r, "created_at")}, exerciseId).stream()
                .flatMap(row -> experimentOf((String) row[2])
                        .flatMap(experiment -> of(exerciseId, (Long) row[0], experiment))
                        .map(result -> new Entry((Long) row[0], (String) row[1], result, (Long) row[3],
                                (Double) row[4], (java.time.Instant) row[5])).stream())
                .toList();
    }

    private static Optional<Long> experimentOf(String payload) {
        Object experiment = Json.read(payload, Map.class).get("experiment");
        return experiment instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }

    private static TargetResult result(ResultSet r) throws SQLException {
        return new TargetResult(r.getLong("exercise_id"), r.getLong("student_id"), r.getLong("experiment_id"),
                r.getString("method"), r.getString("bits"), r.getInt("weight_bits"), r.getLong("size_bytes"),
                Rows.nullableDouble(r, "latency_ms"), r.getDouble("visible_accuracy"),
                HiddenEvaluationStatus.valueOf(r.getString("status")), Rows.nullableDouble(r, "hidden_accuracy"),
                r.getString("evaluated_in"), Rows.nullableDouble(r, "evaluation_ms"), Rows.instant(r, "evaluated_at"),
                r.getString("error"));
    }
}
