package io.quantlab.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.store.Database;
import io.quantlab.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tables exercises, submissions and grades will be built on (issue 14): what they refuse on
 * their own, whatever code writes to them.
 */
class ClassroomSchemaTest {
    private static final Instant OPENS = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant DUE = Instant.parse("2026-03-09T09:00:00Z");
    private static final Instant LOCKS = Instant.parse("2026-03-12T09:00:00Z");
    private Database db;
    private long course;
    private long teacher;
    private long student;

    @BeforeEach
    void aCourse() throws IOException {
        db = Database.open("jdbc:h2:file:" + Files.createTempDirectory("quantlab-schema").resolve("q"), "sa", "",
                Path.of("migrations"));
        teacher = user("t@example.org", "INSTRUCTOR");
        student = user("s@example.org", "STUDENT");
        course = db.insert("INSERT INTO courses (name, join_code, created_by, created_at) VALUES ('C', 'ABCDEFGH', ?, ?)",
                teacher, OPENS);
    }

    private long user(String email, String role) {
        return db.insert("INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES (?, ?, 'x', ?, ?)",
                email, email, role, OPENS);
    }

    private long exercise(String kind, Instant opens, Instant due, Instant locks, double penalty, String rubric) {
        return db.insert("INSERT INTO exercises (course_id, kind, title, opens_at, due_at, locks_at, "
                + "late_penalty_percent_per_day, rubric, created_by, created_at) VALUES (?, ?, 'E', ?, ?, ?, ?, ?, ?, ?)",
                course, kind, opens, due, locks, penalty, rubric, teacher, OPENS);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anExerciseIsOfAKnownKindWithDatesInOrderAndAPenaltyInPercent() {
        exercise("numeric", OPENS, DUE, LOCKS, 10, null);
        exercise("target", OPENS, DUE, DUE, 0, null);
        exercise("essay", OPENS, DUE, LOCKS, 100, "[{\"criterion\":\"names the scale\",\"points\":2}]");
        assertThrows(StoreException.class, () -> exercise("quiz", OPENS, DUE, LOCKS, 0, null));
        assertThrows(StoreException.class, () -> exercise("numeric", DUE, OPENS, LOCKS, 0, null), "due before opens");
        assertThrows(StoreException.class, () -> exercise("numeric", OPENS, LOCKS, DUE, 0, null), "locks before due");
        assertThrows(StoreException.class, () -> exercise("numeric", OPENS, DUE, LOCKS, -1, null));
        assertThrows(StoreException.class, () -> exercise("numeric", OPENS, DUE, LOCKS, 100.5, null));
        assertThrows(StoreException.class, () -> exercise("numeric", OPENS, DUE, LOCKS, 0, "[]"), "rubrics: essays only");
        assertEquals("immediate", db.one("SELECT feedback_timing FROM exercises WHERE kind = 'numeric'",
                r -> r.getString(1)).orElseThrow(), "feedback at once unless the instructor says otherwise");
    }

    @Test
    void everyAttemptIsKeptAndAStudentHasOneGradePerExercise() {
        long exercise = exercise("numeric", OPENS, DUE, LOCKS, 10, null);
        long first = db.insert("INSERT INTO submissions (exercise_id, student_id, created_at, payload) VALUES (?, ?, ?, ?)",
                exercise, student, OPENS, "{\"answers\":{\"q1\":0.5}}");
        long second = db.insert("INSERT INTO submissions (exercise_id, student_id, created_at, payload, late) "
                + "VALUES (?, ?, ?, ?, TRUE)", exercise, student, LOCKS, "{\"answers\":{\"q1\":0.25}}");
        assertEquals(2, db.one("SELECT COUNT(*) FROM submissions WHERE student_id = ?", r -> r.getLong(1), student)
                .orElseThrow());
        db.insert("INSERT INTO grades (exercise_id, student_id, submission_id, score, max_score, graded_at) "
                + "VALUES (?, ?, ?, 4, 5, ?)", exercise, student, second, DUE);
        assertThrows(StoreException.class, () -> db.insert("INSERT INTO grades (exercise_id, student_id, submission_id, "
                + "score, max_score, graded_at) VALUES (?, ?, ?, 5, 5, ?)", exercise, student, first, DUE),
                "one grade per student and exercise: changing it is an update (and an audit entry)");
        assertThrows(StoreException.class, () -> db.insert("INSERT INTO grades (exercise_id, student_id, score, "
                + "max_score, graded_at) VALUES (?, ?, -1, 5, ?)", exercise, teacher, DUE), "no negative score");
        assertThrows(StoreException.class, () -> db.insert("INSERT INTO submissions (exercise_id, student_id, "
                + "created_at, payload) VALUES (?, ?, ?, ?)", exercise + 99, student, OPENS, "{}"), "no such exercise");
    }
}
