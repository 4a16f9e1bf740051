package io.quantlab.exercise;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One grade per student and exercise on table {@code grades}; changes are audited by {@link ExerciseService}. */
public final class GradeStore {
    private static final String SELECT = "SELECT g.exercise_id, g.student_id, g.submission_id, g.score, g.max_score, "
            + "g.grader_id, g.feedback, g.graded_at, g.picked, COALESCE(s.late, FALSE) AS late FROM grades g "
            + "LEFT JOIN submissions s ON s.id = g.submission_id ";
    private final Database db;

    public GradeStore(Database db) {
        this.db = db;
    }

    /** Sets the student's grade for the exercise, inserting it the first time. */
    static void put(Rows tx, long exerciseId, long studentId, long submissionId, double score, double maxScore,
                    Long graderId, String comment, boolean picked, Instant at) {
        int updated = tx.update("UPDATE grades SET submission_id = ?, score = ?, max_score = ?, grader_id = ?, "
                        + "feedback = ?, graded_at = ?, picked = ? WHERE exercise_id = ? AND student_id = ?",
                submissionId, score, maxScore, graderId, comment, at, picked, exerciseId, studentId);
        if (updated == 0) {
            tx.insert("INSERT INTO grades (exercise_id, student_id, submission_id, score, max_score, grader_id, feedback, "
                            + "graded_at, picked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", exerciseId, studentId, submissionId,
                    score, maxScore, graderId, comment, at, picked);
        }
    }

    /**
     * A grade re-computed from the attempt it counts, who graded it and their comment kept; only
     * while that attempt still counts (a concurrent attempt may have replaced it).
     */
    static void rescore(Rows tx, Grade g, double score, double maxScore, Instant at) {
        tx.update("UPDATE grades SET score = ?, max_score = ?, graded_at = ? WHERE exercise_id = ? AND student_id = ? "
                + "AND submission_id = ?", score, maxScore, at, g.exerciseId(), g.studentId(), g.submissionId());
    }

    static List<Grade> forExercise(Rows tx, long exerciseId) {
        return tx.query(SELECT + "WHERE g.exercise_id = ? ORDER BY g.student_id", GradeStore::grade, exerciseId);
    }

    static Optional<Grade> of(Rows tx, long exerciseId, long studentId) {
        return tx.one(SELECT + "WHERE g.exercise_id = ? AND g.student_id = ?", GradeStore::grade, exerciseId, studentId);
    }

    public Optional<Grade> of(long exerciseId, long studentId) {
        return db.one(SELECT + "WHERE g.exercise_id = ? AND g.student_id = ?", GradeStore::grade, exerciseId, studentId);
    }

    /** Every grade of a course's exercises. */
    public List<Grade> forCourse(long courseId) {
        return db.query(SELECT + "WHERE g.exercise_id IN (SELECT id FROM exercises WHERE course_id = ?)",
                GradeStore::grade, courseId);
    }

    /** A student's grades in every course, but for withdrawn exercises. */
    public List<Grade> forStudent(long studentId) {
        return db.query(SELECT + "WHERE g.student_id = ? AND g.exercise_id IN (SELECT id FROM exercises "
                + "WHERE withdrawn_at IS NULL)", GradeStore::grade, studentId);
    }

    private static Grade grade(ResultSet r) throws SQLException {
        long submission = r.getLong("submission_id");
        Long submissionId = r.wasNull() ? null : submission;
        long grader = r.getLong("grader_id");
        Long graderId = r.wasNull() ? null : grader;
        return new Grade(r.getLong("exercise_id"), r.getLong("student_id"), submissionId, r.getDouble("score"),
                r.getDouble("max_score"), graderId, r.getString("feedback"), Rows.instant(r, "graded_at"),
                r.getBoolean("picked"), r.getBoolean("late"));
    }
}
