package io.quantlab.exercise;

import io.quantlab.Json;
import io.quantlab.JsonFields;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Exercises on table {@code exercises}: the SQL, no permission checks (see {@link ExerciseService}). */
public final class ExerciseStore {
    private static final String SELECT = "SELECT id, course_id, kind, title, body, config, rubric, opens_at, due_at, "
            + "locks_at, late_penalty_percent_per_day, feedback_timing, created_by, created_at, withdrawn_at FROM exercises ";
    private final Database db;

    public ExerciseStore(Database db) {
        this.db = db;
    }

    /** Stores it in the caller's transaction; an essay's rubric goes in its own column. */
    static long insert(Rows tx, long courseId, ExerciseRequest e, long createdBy) {
        boolean essay = e.config() instanceof ExerciseConfig.Essay;
        Schedule s = e.schedule();
        return tx.insert("INSERT INTO exercises (course_id, kind, title, body, config, rubric, opens_at, due_at, "
                        + "locks_at, late_penalty_percent_per_day, feedback_timing, created_by, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                courseId, JsonFields.apiName(e.config().kind()), e.title(), e.body(),
                essay ? "{}" : Json.write(e.config().json()), essay ? Json.write(e.config().json().get("rubric")) : null,
                s.opensAt(), s.dueAt(), s.locksAt(), s.latePenaltyPercentPerDay(),
                JsonFields.apiName(e.feedbackTiming()), createdBy, Instant.now());
    }

    /** Replaces what an edit may change (everything but the course, kind and author) in the caller's transaction. */
    static void update(Rows tx, long id, ExerciseRequest e) {
        boolean essay = e.config() instanceof ExerciseConfig.Essay;
        Schedule s = e.schedule();
        tx.update("UPDATE exercises SET title = ?, body = ?, config = ?, rubric = ?, opens_at = ?, due_at = ?, locks_at = ?, "
                        + "late_penalty_percent_per_day = ?, feedback_timing = ? WHERE id = ?",
                e.title(), e.body(), essay ? "{}" : Json.write(e.config().json()),
                essay ? Json.write(e.config().json().get("rubric")) : null, s.opensAt(), s.dueAt(), s.locksAt(),
                s.latePenaltyPercentPerDay(), JsonFields.apiName(e.feedbackTiming()), id);
    }

    /** Withdraws it ({@code at}) or offers it again ({@code at} null). */
    static void withdraw(Rows tx, long id, Instant at) {
        tx.update("UPDATE exercises SET withdrawn_at = ? WHERE id = ?", at, id);
    }

    /**
     * Deletes it with what its checks left behind, unless it has an attempt (also one handed in
     * concurrently): then nothing is deleted and the answer is false.
     */
    static boolean deleteUnlessAttempted(Rows tx, long id) {
        if (tx.one("SELECT COUNT(*) FROM submissions WHERE exercise_id = ?", r -> r.getLong(1), id).orElse(0L) > 0) {
            return false;
        }
        tx.update("DELETE FROM target_results WHERE exercise_id = ?", id);
        return tx.update("DELETE FROM exercises WHERE id = ? AND NOT EXISTS (SELECT 1 FROM submissions "
                + "WHERE exercise_id = ?)", id, id) == 1;
    }

    /** Notes that a student opened it, the first time only. */
    void seen(long id, Instant at) {
        db.update("UPDATE exercises SET first_seen_at = ? WHERE id = ? AND first_seen_at IS NULL", at, id);
    }

    /** Whether a student has opened it or handed in an attempt: their numbers are then out. */
    static boolean seenOrAttempted(Rows tx, long id) {
        return tx.one("SELECT COUNT(*) FROM exercises e WHERE e.id = ? AND (e.first_seen_at IS NOT NULL OR EXISTS "
                + "(SELECT 1 FROM submissions s WHERE s.exercise_id = e.id))", r -> r.getLong(1), id).orElse(0L) > 0;
    }

    static Optional<Exercise> byId(Rows tx, long id) {
        return tx.one(SELECT + "WHERE id = ? FOR UPDATE", ExerciseStore::exercise, id);
    }

    public Optional<Exercise> byId(long id) {
        return db.one(SELECT + "WHERE id = ?", ExerciseStore::exercise, id);
    }

    /** A course's exercises by deadline. */
    public List<Exercise> forCourse(long courseId) {
        return db.query(SELECT + "WHERE course_id = ? ORDER BY due_at, id", ExerciseStore::exercise, courseId);
    }

    /** Target exercises due after {@code now}, withdrawn or not. */
    List<Exercise> targetsDueAfter(Instant now) {
        return db.query(SELECT + "WHERE kind = 'target' AND due_at > ? ORDER BY due_at, id", ExerciseStore::exercise, now);
    }

    /** The exercises of every course {@code studentId} is enrolled in, by deadline. */
    public List<Exercise> forStudent(long studentId) {
        return db.query(SELECT + "WHERE course_id IN (SELECT course_id FROM enrollments WHERE user_id = ?) "
                + "ORDER BY due_at, id", ExerciseStore::exercise, studentId);
    }

    @SuppressWarnings("unchecked")
    private static Exercise exercise(ResultSet r) throws SQLException {
        ExerciseKind kind = JsonFields.byName(ExerciseKind.class, "kind", r.getString("kind"));
        Map<String, Object> fields = kind == ExerciseKind.ESSAY
                ? Map.of("rubric", Json.read(r.getString("rubric"), List.class))
                : Json.read(r.getString("config"), Map.class);
        return new Exercise(r.getLong("id"), r.getLong("course_id"), r.getString("title"), r.getString("body"),
                ExerciseConfig.of(kind, fields),
                new Schedule(Rows.instant(r, "opens_at"), Rows.instant(r, "due_at"), Rows.instant(r, "locks_at"),
                        r.getDouble("late_penalty_percent_per_day")),
                JsonFields.byName(FeedbackTiming.class, "feedback", r.getString("feedback_timing")),
                r.getLong("created_by"), Rows.instant(r, "created_at"), Rows.instant(r, "withdrawn_at"));
    }
}
