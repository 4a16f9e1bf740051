package io.quantlab.target;

import io.quantlab.Json;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The target_results table (V28), and which result counts for each student of an exercise. */
public final class TargetResultStore {
    private static final String SELECT = "SELECT exercise_id, student_id, experiment_id, method, bits, weight_bits, "
            + "size_bytes, latency_ms, visible_accuracy, hidden_accuracy, evaluated_in, evaluation_ms, evaluated_at "
            + "FROM target_results ";

    private final Database db;

    public TargetResultStore(Database db) {
        this.db = db;
    }

    public Optional<TargetResult> of(long exerciseId, long studentId, long experimentId) {
        return db.one(SELECT + "WHERE exercise_id = ? AND student_id = ? AND experiment_id = ?",
                TargetResultStore::result, exerciseId, studentId, experimentId);
    }

    /** Stores {@code r} unless a concurrent request stored the same experiment's first (then that one stays). */
    void put(TargetResult r) {
        db.update("MERGE INTO target_results (exercise_id, student_id, experiment_id, method, bits, weight_bits, "
                + "size_bytes, latency_ms, visible_accuracy, hidden_accuracy, evaluated_in, evaluation_ms, evaluated_at) "
                + "KEY (exercise_id, student_id, experiment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.exerciseId(), r.studentId(), r.experimentId(), r.method(), r.bits(), r.weightBits(), r.sizeBytes(),
                r.latencyMs(), r.visibleAccuracy(), r.hiddenAccuracy(), r.evaluatedIn(), r.evaluationMs(),
                r.evaluatedAt());
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
        double latency = r.getDouble("latency_ms");
        Double latencyMs = r.wasNull() ? null : latency;
        return new TargetResult(r.getLong("exercise_id"), r.getLong("student_id"), r.getLong("experiment_id"),
                r.getString("method"), r.getString("bits"), r.getInt("weight_bits"), r.getLong("size_bytes"),
                latencyMs, r.getDouble("visible_accuracy"), r.getDouble("hidden_accuracy"),
                r.getString("evaluated_in"), r.getDouble("evaluation_ms"),
                Rows.instant(r, "evaluated_at"));
    }
}
