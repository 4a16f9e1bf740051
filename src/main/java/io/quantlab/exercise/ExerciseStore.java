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
            + "locks_at, late_penalty_percent_per_day, feedback_timing, created_by, created_at FROM exercises ";
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

    public Optional<Exercise> byId(long id) {
        return db.one(SELECT + "WHERE id = ?", ExerciseStore::exercise, id);
    }

    /** A course's exercises by deadline. */
    public List<Exercise> forCourse(long courseId) {
        return db.query(SELECT + "WHERE course_id = ? ORDER BY due_at, id", ExerciseStore::exercise, courseId);
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
                r.getLong("created_by"), Rows.instant(r, "created_at"));
    }
}
