package io.quantlab.dashboard;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.util.List;

/**
 * The dashboard's own reads, aggregated in the database because the page polls them every few
 * seconds: who of a course was active lately, and how many attempts each student made at each of
 * its exercises (not the attempts themselves, which can be long essays).
 */
public final class DashboardStore {
    private final Database db;

    public DashboardStore(Database db) {
        this.db = db;
    }

    /** A student's attempts at one exercise: how many, and when the latest came. */
    record Attempts(long exerciseId, long studentId, long count, Instant latest) {
    }

    /** The course's students seen since {@code since}, most recent first. */
    List<ActiveStudent> activeSince(long courseId, Instant since) {
        return db.query("SELECT u.id, u.display_name, u.last_active_at FROM enrollments n JOIN users u ON u.id = n.user_id "
                + "WHERE n.course_id = ? AND u.last_active_at >= ? ORDER BY u.last_active_at DESC, u.id",
                r -> new ActiveStudent(r.getLong("id"), r.getString("display_name"), Rows.instant(r, "last_active_at")),
                courseId, since);
    }

    /** Per exercise of the course and student: the number of attempts and the latest one's time. */
    List<Attempts> attempts(long courseId) {
        return db.query("SELECT s.exercise_id, s.student_id, COUNT(*) AS n, MAX(s.created_at) AS latest "
                + "FROM submissions s JOIN exercises x ON x.id = s.exercise_id WHERE x.course_id = ? "
                + "GROUP BY s.exercise_id, s.student_id",
                r -> new Attempts(r.getLong("exercise_id"), r.getLong("student_id"), r.getLong("n"),
                        Rows.instant(r, "latest")), courseId);
    }
}
