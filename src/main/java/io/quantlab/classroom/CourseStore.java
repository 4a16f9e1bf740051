package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.account.Secrets;
import io.quantlab.account.User;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class CourseStore {
    private static final String SELECT = "SELECT c.id, c.name, c.join_code, "
            + "(SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id) AS students FROM courses c ";
    private final Database db;

    public CourseStore(Database db) {
        this.db = db;
    }

    public Course create(User instructor, String name) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors create courses");
        }
        String clean = name == null ? "" : name.trim();
        if (clean.isEmpty() || clean.length() > 200) {
            throw new InvalidInputException("name", "course name: 1–200 characters");
        }
        String code = Secrets.joinCode();
        long id = db.insert("INSERT INTO courses (name, join_code, created_by, created_at) VALUES (?, ?, ?, ?)",
                clean, code, instructor.id(), Instant.now());
        return new Course(id, clean, code, 0);
    }

    public Optional<Course> byJoinCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return db.one(SELECT + "WHERE c.join_code = ?", CourseStore::course, code.trim().toUpperCase(Locale.ROOT));
    }

    public Optional<Course> byId(long id) {
        return db.one(SELECT + "WHERE c.id = ?", CourseStore::course, id);
    }

    public List<Course> taughtBy(User instructor) {
        return db.query(SELECT + "WHERE c.created_by = ? ORDER BY c.created_at", CourseStore::course, instructor.id());
    }

    public List<Course> enrolled(User student) {
        return db.query(SELECT + "WHERE c.id IN (SELECT course_id FROM enrollments WHERE user_id = ?) ORDER BY c.name",
                CourseStore::course, student.id());
    }

    static void enroll(Rows tx, long courseId, long userId) {
        tx.update("INSERT INTO enrollments (course_id, user_id, enrolled_at) VALUES (?, ?, ?)", courseId, userId,
                Instant.now());
    }

    private static Course course(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Course(r.getLong("id"), r.getString("name"), r.getString("join_code"), r.getInt("students"));
    }
}
