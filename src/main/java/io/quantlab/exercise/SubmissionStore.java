package io.quantlab.exercise;

import io.quantlab.Json;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Attempts on table {@code submissions}: inserted and graded, never deleted or replaced. */
public final class SubmissionStore {
    private static final String SELECT = "SELECT id, exercise_id, student_id, created_at, payload, late, score, "
            + "max_score, feedback, graded_by, graded_at FROM submissions ";
    private final Database db;

    public SubmissionStore(Database db) {
        this.db = db;
    }

    static long insert(Rows tx, long exerciseId, long studentId, Instant at, Map<String, Object> payload, boolean late,
                       Scored scored) {
        return tx.insert("INSERT INTO submissions (exercise_id, student_id, created_at, payload, late, score, max_score, "
                        + "feedback, graded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", exerciseId, studentId, at,
                Json.write(payload), late, scored == null ? null : scored.score(), scored == null ? null : scored.maxScore(),
                scored == null ? null : Json.write(scored.feedback()), scored == null ? null : at);
    }

    /** An instructor's grading of an attempt (an essay's rubric points and comment). */
    static void grade(Rows tx, long submissionId, Scored scored, long graderId, Instant at) {
        tx.update("UPDATE submissions SET score = ?, max_score = ?, feedback = ?, graded_by = ?, graded_at = ? WHERE id = ?",
                scored.score(), scored.maxScore(), Json.write(scored.feedback()), graderId, at, submissionId);
    }

    /**
     * A server-graded attempt scored again after its exercise changed (a tolerance, a target's
     * thresholds): the attempt itself is kept as handed in; its score and feedback follow the exercise.
     */
    static void rescore(Rows tx, long submissionId, Scored scored, Instant at) {
        tx.update("UPDATE submissions SET score = ?, max_score = ?, feedback = ?, graded_at = ? WHERE id = ?",
                scored.score(), scored.maxScore(), Json.write(scored.feedback()), at, submissionId);
    }

    /** The late mark follows the exercise's deadline when an instructor moves it. */
    static void markLate(Rows tx, long submissionId, boolean late) {
        tx.update("UPDATE submissions SET late = ? WHERE id = ?", late, submissionId);
    }

    static List<Submission> forExercise(Rows tx, long exerciseId) {
        return tx.query(SELECT + "WHERE exercise_id = ? ORDER BY student_id, created_at, id", SubmissionStore::submission,
                exerciseId);
    }

    static long count(Rows tx, long exerciseId, long studentId) {
        return tx.one("SELECT COUNT(*) FROM submissions WHERE exercise_id = ? AND student_id = ?", r -> r.getLong(1),
                exerciseId, studentId).orElse(0L);
    }

    public Optional<Submission> byId(long id) {
        return db.one(SELECT + "WHERE id = ?", SubmissionStore::submission, id);
    }

    static Optional<Submission> byId(Rows tx, long id) {
        return tx.one(SELECT + "WHERE id = ?", SubmissionStore::submission, id);
    }

    /** One student's attempts at an exercise, oldest first. */
    public List<Submission> of(long exerciseId, long studentId) {
        return db.query(SELECT + "WHERE exercise_id = ? AND student_id = ? ORDER BY created_at, id",
                SubmissionStore::submission, exerciseId, studentId);
    }

    /** Every attempt at an exercise, by student then time. */
    public List<Submission> forExercise(long exerciseId) {
        return db.query(SELECT + "WHERE exercise_id = ? ORDER BY student_id, created_at, id",
                SubmissionStore::submission, exerciseId);
    }

    /**
     * Locks the student's enrollment row in the course until the transaction ends, so their attempts
     * are counted and graded one after another; nothing is locked for a student no longer enrolled.
     */
    static void lockStudent(Rows tx, long courseId, long studentId) {
        tx.query("SELECT user_id FROM enrollments WHERE course_id = ? AND user_id = ? FOR UPDATE", r -> 1, courseId,
                studentId);
    }

    @SuppressWarnings("unchecked")
    private static Submission submission(ResultSet r) throws SQLException {
        String feedback = r.getString("feedback");
        long grader = r.getLong("graded_by");
        Long gradedBy = r.wasNull() ? null : grader;
        return new Submission(r.getLong("id"), r.getLong("exercise_id"), r.getLong("student_id"),
                Rows.instant(r, "created_at"), Json.read(r.getString("payload"), Map.class), r.getBoolean("late"),
                Rows.nullableDouble(r, "score"), Rows.nullableDouble(r, "max_score"),
                feedback == null ? null : Json.read(feedback, Map.class), gradedBy,
                Rows.instant(r, "graded_at"));
    }
}
