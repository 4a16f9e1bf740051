package io.quantlab.experiment;

import io.quantlab.Json;
import io.quantlab.account.User;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobTable;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.store.Sha256;
import io.quantlab.train.TrainReport;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The experiments table and the artifacts a finished experiment leaves. */
public final class ExperimentStore {
    static final String PARAMETERS = "parameters";
    private static final String REPORT = "report";
    /** A quantization's INT8 ONNX file (absent where the setting only simulates). */
    public static final String MODEL_ONNX = "model.onnx";
    /** The parent exported to FP32 ONNX, as a quantization measured it. */
    public static final String FP32_ONNX = "fp32.onnx";
    /** Every quantized layer's and activation's grid: a {@link io.quantlab.ptq.QuantizationTable}. */
    public static final String QUANTIZATION_JSON = "quantization.json";
    /** What a PTQ result's page shows beyond its metrics: a {@link PtqReport}. */
    public static final String PTQ_REPORT = "ptq-report";
    /** A sweep's weight histograms of the composed quantizer at each width: a {@link io.quantlab.sweep.SweepReport}. */
    public static final String SWEEP_REPORT = "sweep-report";
    private static final String SELECT = "SELECT e.*, u.display_name FROM experiments e JOIN users u ON u.id = e.owner_id ";
    /** The courses a user (one parameter, twice) is enrolled in or teaches (as owner or co-instructor). */
    private static final String COURSES_OF = "SELECT course_id FROM enrollments WHERE user_id = ? "
            + "UNION SELECT course_id FROM course_instructors WHERE user_id = ?";
    /** The students enrolled in the courses a user (one parameter) owns or co-teaches. */
    private static final String STUDENTS_TAUGHT_BY = "SELECT DISTINCT n.user_id FROM enrollments n "
            + "JOIN course_instructors i ON i.course_id = n.course_id WHERE i.user_id = ?";
    /**
     * A viewer's leaderboard (the viewer's id, five times): finished experiments of their own, of
     * the students of the courses they take or teach, and those courses' baselines.
     */
    private static final String ON_BOARD = "e.status = 'DONE' AND (e.owner_id = ? OR e.owner_id IN "
            + "(SELECT n.user_id FROM enrollments n WHERE n.course_id IN (" + COURSES_OF + ")) "
            + "OR e.baseline_course_id IN (" + COURSES_OF + ")) ";
    private final Database db;
    private final JobTable jobs;

    public ExperimentStore(Database db) {
        this.db = db;
        this.jobs = new JobTable(db, "experiments", ExperimentStatus.RUNNING.name(), "cancel_requested");
    }

    /** The experiments table as a table of jobs: claims, restarts, endings. */
    JobTable jobs() {
        return jobs;
    }

    long insertQueued(Rows tx, long ownerId, ExperimentConfig config) {
        return insertQueued(tx, ownerId, config, null, null);
    }

    /** A queued experiment; {@code parentId} and {@code reuseKey} are null for a training. */
    long insertQueued(Rows tx, long ownerId, ExperimentConfig config, Long parentId, String reuseKey) {
        return tx.insert("INSERT INTO experiments (owner_id, kind, status, config, created_at, parent_id, reuse_key, "
                + "dataset, model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ownerId, config.kind().apiName(),
                ExperimentStatus.QUEUED.name(), Json.write(config.json()), Instant.now(), parentId, reuseKey,
                config.dataset(), config.model());
    }

    public Optional<Experiment> find(long id) {
        return db.one(SELECT + "WHERE e.id = ?", ExperimentStore::experiment, id);
    }

    public List<Experiment> ownedBy(long ownerId) {
        return db.query(SELECT + "WHERE e.owner_id = ? ORDER BY e.id DESC", ExperimentStore::experiment, ownerId);
    }

    /**
     * Finished experiments on this data set and model that the viewer's leaderboard holds (see
     * {@link #ON_BOARD}), best test accuracy first, on a tie the earlier one first, at most {@code limit}.
     */
    public List<Experiment> finishedOnBoard(long viewerId, String dataset, String model, int limit) {
        return db.query(SELECT + "WHERE " + ON_BOARD + "AND e.dataset = ? AND e.model = ? "
                + "ORDER BY e.test_accuracy DESC NULLS LAST, e.id LIMIT ?", ExperimentStore::experiment,
                viewerId, viewerId, viewerId, viewerId, viewerId, dataset, model, limit);
    }

    /** The data set and model pairs of the finished experiments the viewer's leaderboard holds, most experiments first. */
    public List<DatasetAndModel> pairsOnBoard(long viewerId) {
        return db.query("SELECT e.dataset, e.model, COUNT(*) AS n FROM experiments e WHERE " + ON_BOARD
                + "AND e.dataset IS NOT NULL AND e.model IS NOT NULL GROUP BY e.dataset, e.model "
                + "ORDER BY n DESC, e.dataset, e.model", r -> new DatasetAndModel(r.getString("dataset"),
                r.getString("model"), r.getInt("n")), viewerId, viewerId, viewerId, viewerId, viewerId);
    }

    /** The queued and running experiments of the students enrolled in a course, oldest first. */
    public List<Experiment> unfinishedOfStudents(long courseId) {
        return db.query(SELECT + "WHERE e.status IN ('QUEUED', 'RUNNING') AND e.owner_id IN "
                + "(SELECT user_id FROM enrollments WHERE course_id = ?) ORDER BY e.id", ExperimentStore::experiment,
                courseId);
    }

    /** The finished experiments of a course's enrolled students and its baselines, newest first, at most {@code limit}. */
    public List<Experiment> finishedOfCourse(long courseId, int limit) {
        return db.query(SELECT + "WHERE e.status = 'DONE' AND (e.owner_id IN "
                + "(SELECT user_id FROM enrollments WHERE course_id = ?) OR e.baseline_course_id = ?) "
                + "ORDER BY e.id DESC LIMIT ?", ExperimentStore::experiment, courseId, courseId, limit);
    }

    /** Baselines of the courses this user is enrolled in or teaches, newest first. */
    public List<Experiment> baselinesFor(long userId) {
        return db.query(SELECT + "WHERE e.baseline_course_id IN (" + COURSES_OF + ") ORDER BY e.id DESC",
                ExperimentStore::experiment, userId, userId);
    }

    /** What {@code viewer} may open: see {@link ExperimentAccess}. */
    public ExperimentAccess accessOf(User viewer) {
        Set<Long> courses = Set.copyOf(db.query(COURSES_OF, r -> r.getLong(1), viewer.id(), viewer.id()));
        Set<Long> students = viewer.role().teaches()
                ? Set.copyOf(db.query(STUDENTS_TAUGHT_BY, r -> r.getLong(1), viewer.id())) : Set.of();
        return new ExperimentAccess(viewer, courses, students);
    }

    void setBaseline(long experimentId, Long courseId) {
        db.update("UPDATE experiments SET baseline_course_id = ? WHERE id = ?", courseId, experimentId);
    }

    /**
     * The owner's experiments queued or running, counted while holding the owner's row: concurrent
     * requests of one user count one after another, so none slips past the limit.
     */
    int lockOwnerAndCountUnfinished(Rows tx, long ownerId) {
        tx.one("SELECT id FROM users WHERE id = ? FOR UPDATE", r -> r.getLong(1), ownerId);
        return tx.one("SELECT COUNT(*) FROM experiments WHERE owner_id = ? AND status IN ('QUEUED', 'RUNNING')",
                r -> r.getInt(1), ownerId).orElse(0);
    }

    void markStarted(Rows tx, long id) {
        tx.update("UPDATE experiments SET started_at = ? WHERE id = ?", Instant.now(), id);
    }

    /**
     * Queued jobs are cancelled at once; running ones are asked to stop at their next batch. Returns
     * the experiment as it now stands, told by which updates changed its row.
     */
    Experiment requestCancel(Experiment e) {
        // At the column's precision, so the returned copy equals what a read would give.
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        int[] changed = db.transaction(tx -> new int[] {
                tx.update("UPDATE experiments SET cancel_requested = TRUE "
                        + "WHERE id = ? AND status IN ('QUEUED', 'RUNNING')", e.id()),
                tx.update("UPDATE experiments SET status = 'CANCELLED', finished_at = ? "
                        + "WHERE id = ? AND status = 'QUEUED'", now, e.id())});
        boolean asked = changed[0] == 1;
        boolean cancelledAtOnce = changed[1] == 1;
        if (e.status() == ExperimentStatus.QUEUED && cancelledAtOnce) {
            return cancelRequested(e, ExperimentStatus.CANCELLED, now);
        }
        if (e.status() == ExperimentStatus.RUNNING && asked && !cancelledAtOnce) {
            return cancelRequested(e, ExperimentStatus.RUNNING, e.finishedAt());
        }
        if (e.status().finished() && !asked) {
            return e;
        }
        return find(e.id()).orElse(e); // a worker moved the job on between the caller's look-up and these updates
    }

    private static Experiment cancelRequested(Experiment e, ExperimentStatus status, Instant finishedAt) {
        return new Experiment(e.id(), e.ownerId(), e.ownerName(), e.kind(), status, e.config(), e.metrics(), e.error(),
                true, e.createdAt(), e.startedAt(), finishedAt, e.baselineCourseId(), e.restarts(), e.parentId());
    }

    /**
     * The result, the trained parameters and the report land together, or not at all (also not when
     * the attempt is no longer the experiment's run); false when they did not land.
     */
    boolean finish(JobAttempt attempt, TrainMetrics metrics, byte[] parameters, TrainReport report) {
        Map<String, byte[]> artifacts = new LinkedHashMap<>();
        artifacts.put(PARAMETERS, parameters);
        artifacts.put(REPORT, Json.write(report).getBytes(StandardCharsets.UTF_8));
        return finish(attempt, metrics, artifacts);
    }

    /** Any kind's result and artifacts (by name), together or not at all, as {@link #finish(JobAttempt, TrainMetrics, byte[], TrainReport)}. */
    boolean finish(JobAttempt attempt, ExperimentMetrics metrics, Map<String, byte[]> artifacts) {
        long id = attempt.id();
        return jobs.whileCurrent(attempt, tx -> {
            tx.update("DELETE FROM artifacts WHERE experiment_id = ?", id);
            artifacts.forEach((kind, content) -> insertArtifact(tx, id, kind, content));
            tx.update("UPDATE experiments SET status = 'DONE', metrics = ?, test_accuracy = ?, error = NULL, "
                    + "finished_at = ? WHERE id = ?", Json.write(metrics), metrics.testAccuracy(), Instant.now(), id);
            return null;
        });
    }

    /**
     * The id of a finished experiment with the same reuse key as {@code id} (another student's
     * identical request that finished first), if any.
     */
    Optional<Long> doneTwinOf(long id) {
        return db.one("SELECT t.id FROM experiments t JOIN experiments e ON t.reuse_key = e.reuse_key "
                + "WHERE e.id = ? AND t.id <> e.id AND t.status = 'DONE' ORDER BY t.id LIMIT 1", r -> r.getLong(1), id);
    }

    /**
     * The id of an identical experiment requested before {@code id} and running now, if any: the
     * lowest id computes, the later twins wait for its result.
     */
    Optional<Long> earlierRunningTwinOf(long id) {
        return db.one("SELECT t.id FROM experiments t JOIN experiments e ON t.reuse_key = e.reuse_key "
                + "WHERE e.id = ? AND t.id < e.id AND t.status = 'RUNNING' ORDER BY t.id LIMIT 1", r -> r.getLong(1), id);
    }

    /** The first finished experiment under {@code reuseKey}, if any. */
    Optional<Long> doneWithKey(Rows tx, String reuseKey) {
        return tx.one("SELECT id FROM experiments WHERE reuse_key = ? AND status = 'DONE' ORDER BY id LIMIT 1",
                r -> r.getLong(1), reuseKey);
    }

    /**
     * A new experiment, already done, whose result is a copy of finished experiment {@code twin}'s:
     * its metrics and artifacts copied row for row in the database.
     */
    long insertCopyOf(Rows tx, long twin, long ownerId, ExperimentConfig config, long parentId, String reuseKey) {
        Instant now = Instant.now();
        long id = tx.insert("INSERT INTO experiments (owner_id, kind, status, config, metrics, test_accuracy, "
                + "created_at, started_at, finished_at, parent_id, reuse_key, dataset, model) SELECT ?, ?, 'DONE', ?, "
                + "metrics, test_accuracy, ?, ?, ?, ?, ?, ?, ? FROM experiments WHERE id = ? AND status = 'DONE'",
                ownerId, config.kind().apiName(), Json.write(config.json()), now, now, now, parentId, reuseKey,
                config.dataset(), config.model(), twin);
        copyArtifacts(tx, twin, id);
        return id;
    }

    /** Ends the attempt's job as done with finished experiment {@code twin}'s result; false when it did not land. */
    boolean finishAsCopyOf(JobAttempt attempt, long twin) {
        long id = attempt.id();
        return jobs.whileCurrent(attempt, tx -> {
            tx.update("DELETE FROM artifacts WHERE experiment_id = ?", id);
            copyArtifacts(tx, twin, id);
            tx.update("UPDATE experiments SET status = 'DONE', metrics = (SELECT metrics FROM experiments WHERE id = ?), "
                    + "test_accuracy = (SELECT test_accuracy FROM experiments WHERE id = ?), error = NULL, "
                    + "started_at = COALESCE(started_at, ?), finished_at = ? WHERE id = ?", twin, twin, Instant.now(),
                    Instant.now(), id);
            return null;
        });
    }

    private static void copyArtifacts(Rows tx, long from, long to) {
        tx.update("INSERT INTO artifacts (experiment_id, kind, sha256, size_bytes, content, created_at) "
                + "SELECT ?, kind, sha256, size_bytes, content, ? FROM artifacts WHERE experiment_id = ?", to,
                Instant.now(), from);
    }

    /** The SHA-256 of a training's stored parameters: what a quantization of it is keyed by. */
    Optional<String> parametersSha256(long experimentId) {
        return db.one("SELECT sha256 FROM artifacts WHERE experiment_id = ? AND kind = ?", r -> r.getString(1),
                experimentId, PARAMETERS);
    }

    private static void insertArtifact(Rows tx, long experimentId, String kind, byte[] content) {
        tx.insert("INSERT INTO artifacts (experiment_id, kind, sha256, size_bytes, content, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", experimentId, kind, Sha256.hex(content), (long) content.length, content,
                Instant.now());
    }

    public Optional<byte[]> parameters(long experimentId) {
        return artifact(experimentId, PARAMETERS);
    }

    public Optional<TrainReport> report(long experimentId) {
        return artifact(experimentId, REPORT)
                .map(bytes -> Json.read(new String(bytes, StandardCharsets.UTF_8), TrainReport.class));
    }

    /** An artifact's content by name ({@link #MODEL_ONNX}, …); empty when the experiment has none of that name. */
    public Optional<byte[]> artifact(long experimentId, String kind) {
        return db.one("SELECT content FROM artifacts WHERE experiment_id = ? AND kind = ?", r -> r.getBytes(1),
                experimentId, kind);
    }

    private static Long nullableLong(ResultSet r, String column) throws SQLException {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    private static Experiment experiment(ResultSet r) throws SQLException {
        String metrics = r.getString("metrics");
        ExperimentKind kind = ExperimentKind.of(r.getString("kind"));
        return new Experiment(r.getLong("id"), r.getLong("owner_id"), r.getString("display_name"), kind,
                ExperimentStatus.valueOf(r.getString("status")), kind.readConfig(r.getString("config")),
                metrics == null ? null : kind.readMetrics(metrics), r.getString("error"),
                r.getBoolean("cancel_requested"), Rows.instant(r, "created_at"), Rows.instant(r, "started_at"),
                Rows.instant(r, "finished_at"), nullableLong(r, "baseline_course_id"), r.getInt("restarts"),
                nullableLong(r, "parent_id"));
    }
}
