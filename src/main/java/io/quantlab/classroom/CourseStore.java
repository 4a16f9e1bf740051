package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.JsonFields;
import io.quantlab.account.Secrets;
import io.quantlab.account.User;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Courses, who teaches them and who is enrolled: the SQL, no permission checks (see {@link CourseService}). */
public final class CourseStore {
    private static final String SELECT = "SELECT c.id, c.name, c.join_code, c.join_code_enabled, "
            + "(SELECT COUNT(*) FROM enrollments e WHERE e.course_id = c.id) AS students FROM courses c ";
    private final Database db;

    public CourseStore(Database db) {
        this.db = db;
    }

    /** A new course owned by {@code instructor}, with a fresh join code. */
    public Course create(User instructor, String name) {
        if (!instructor.role().teaches()) {
            throw new InvalidInputException(null, "only instructors create courses");
        }
        String clean = checkedName(name);
        String code = Secrets.joinCode();
        return db.transaction(tx -> {
            Instant now = Instant.now();
            long id = tx.insert("INSERT INTO courses (name, join_code, created_by, created_at) VALUES (?, ?, ?, ?)",
                    clean, code, instructor.id(), now);
            addInstructor(tx, id, instructor.id(), TeachingRole.OWNER, instructor.id());
            AuditLog.record(tx, instructor.id(), "course-created", "course " + id + ": " + clean);
            return new Course(id, clean, code, true, 0);
        });
    }

    static String checkedName(String name) {
        String clean = name == null ? "" : name.strip();
        if (clean.isEmpty() || clean.length() > 200 || clean.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("name", "course name: 1–200 characters, no line breaks");
        }
        return clean;
    }

    /** The course whose join code this is, while the code is enabled. */
    public Optional<Course> byJoinCode(String code) {
        if (code == null || code.isBlank()) {
            return Optional.empty();
        }
        return db.one(SELECT + "WHERE c.join_code = ? AND c.join_code_enabled", CourseStore::course,
                code.trim().toUpperCase(Locale.ROOT));
    }

    public Optional<Course> byId(long id) {
        return db.one(SELECT + "WHERE c.id = ?", CourseStore::course, id);
    }

    /** The courses {@code instructor} owns or co-teaches, oldest first. */
    public List<Course> taughtBy(User instructor) {
        return db.query(SELECT + "WHERE c.id IN (SELECT course_id FROM course_instructors WHERE user_id = ?) "
                + "ORDER BY c.created_at, c.id", CourseStore::course, instructor.id());
    }

    /** Every course, oldest first (an administrator's view). */
    List<Course> all() {
        return db.query(SELECT + "ORDER BY c.created_at, c.id", CourseStore::course);
    }

    public List<Course> enrolled(User student) {
        return db.query(SELECT + "WHERE c.id IN (SELECT course_id FROM enrollments WHERE user_id = ?) ORDER BY c.name",
                CourseStore::course, student.id());
    }

    /** The ids of the students enrolled in the course now. */
    public java.util.Set<Long> studentIds(long courseId) {
        return new java.util.HashSet<>(db.query("SELECT user_id FROM enrollments WHERE course_id = ?", r -> r.getLong(1),
                courseId));
    }

    boolean teaches(long userId, long courseId) {
        return db.one("SELECT 1 FROM course_instructors WHERE course_id = ? AND user_id = ?", r -> 1, courseId, userId)
                .isPresent();
    }

    boolean isEnrolled(long userId, long courseId) {
        return db.one("SELECT 1 FROM enrollments WHERE course_id = ? AND user_id = ?", r -> 1, courseId, userId)
                .isPresent();
    }

    void rename(Rows tx, long courseId, String name) {
        tx.update("UPDATE courses SET name = ? WHERE id = ?", name, courseId);
    }

    void setJoinCode(Rows tx, long courseId, String code) {
        tx.update("UPDATE courses SET join_code = ?, join_code_enabled = TRUE WHERE id = ?", code, courseId);
    }

    void setJoinCodeEnabled(Rows tx, long courseId, boolean enabled) {
        tx.update("UPDATE courses SET join_code_enabled = ? WHERE id = ?", enabled, courseId);
    }

    static void addInstructor(Rows tx, long courseId, long userId, TeachingRole role, long addedBy) {
        tx.update("INSERT INTO course_instructors (course_id, user_id, role, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
                courseId, userId, JsonFields.apiName(role), addedBy, Instant.now());
    }

    /** Takes a co-instructor off the course (never its owner); false when they were not one. */
    static boolean removeCoInstructor(Rows tx, long courseId, long userId) {
        return tx.update("DELETE FROM course_instructors WHERE course_id = ? AND user_id = ? AND role = ?", courseId,
                userId, JsonFields.apiName(TeachingRole.CO_INSTRUCTOR)) == 1;
    }

    List<CourseInstructor> instructors(long courseId) {
        return db.query("SELECT u.id, u.display_name, u.email, i.role, i.added_at FROM course_instructors i "
                + "JOIN users u ON u.id = i.user_id WHERE i.course_id = ? ORDER BY i.role DESC, i.added_at, u.id",
                r -> new CourseInstructor(r.getLong("id"), r.getString("display_name"), r.getString("email"),
                        JsonFields.byName(TeachingRole.class, "role", r.getString("role")), Rows.instant(r, "added_at")),
                courseId);
    }

    /** Enrolled students by name, with when they joined, were last active and how many experiments they ran. */
    List<RosterEntry> roster(long courseId) {
        return db.query("SELECT u.id, u.display_name, u.email, n.enrolled_at, u.last_active_at, "
                + "(SELECT COUNT(*) FROM experiments x WHERE x.owner_id = u.id) AS experiments, "
                + "(SELECT COUNT(*) FROM invitations v WHERE v.user_id = u.id AND v.used_at IS NULL) AS pending, "
                + "(SELECT COUNT(*) FROM invitations v WHERE v.user_id = u.id AND v.used_at IS NOT NULL) AS used "
                + "FROM enrollments n JOIN users u ON u.id = n.user_id WHERE n.course_id = ? "
                + "ORDER BY LOWER(u.display_name), u.id",
                r -> new RosterEntry(r.getLong("id"), r.getString("display_name"), r.getString("email"),
                        Rows.instant(r, "enrolled_at"), Rows.instant(r, "last_active_at"), r.getLong("experiments"),
                        r.getLong("pending") > 0 && r.getLong("used") == 0),
                courseId);
    }

    /** The experiments marked as this course's baselines, newest first. */
    List<Long> baselineIds(long courseId) {
        return db.query("SELECT id FROM experiments WHERE baseline_course_id = ? ORDER BY id DESC", r -> r.getLong(1),
                courseId);
    }

    static void enroll(Rows tx, long courseId, long userId) {
        tx.update("INSERT INTO enrollments (course_id, user_id, enrolled_at) VALUES (?, ?, ?)", courseId, userId,
                Instant.now());
    }

    /** Moves the enrollment into {@code enrollment_removals}; false when the student was not enrolled. */
    static boolean unenroll(Rows tx, long courseId, long userId, long removedBy) {
        Optional<Instant> enrolledAt = tx.one("SELECT enrolled_at FROM enrollments WHERE course_id = ? AND user_id = ?",
                r -> Rows.instant(r, "enrolled_at"), courseId, userId);
        if (enrolledAt.isEmpty()) {
            return false;
        }
        tx.insert("INSERT INTO enrollment_removals (course_id, user_id, enrolled_at, removed_by, removed_at) "
                + "VALUES (?, ?, ?, ?, ?)", courseId, userId, enrolledAt.get(), removedBy, Instant.now());
        tx.update("DELETE FROM enrollments WHERE course_id = ? AND user_id = ?", courseId, userId);
        return true;
    }

    private static Course course(ResultSet r) throws SQLException {
        return new Course(r.getLong("id"), r.getString("name"), r.getString("join_code"),
                r.getBoolean("join_code_enabled"), r.getInt("students"));
    }
}
