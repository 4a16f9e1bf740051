package io.quantlab.classroom;

import io.quantlab.ForbiddenException;
import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.account.UserStore;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An administrator's view of every account, and the two changes they make: a new instructor (an
 * account without a password and a one-time link on which they choose one, as a roster import's
 * students get) and an account's role between student and instructor. Administrators are made only
 * on the first start, and nobody changes their own role, so there is always one left. Every change
 * is in the audit log with the administrator who made it.
 */
public final class People {
    private final Database db;
    private final UserStore users;
    private final AccountService accounts;

    public People(Database db, UserStore users, AccountService accounts) {
        this.db = db;
        this.users = users;
        this.accounts = accounts;
    }

    /** A new instructor and the secret token of their one-time link (shown once, never stored). */
    public record Invited(User account, String invitation) {
    }

    /** An account's new role; {@code leftCourses}: the courses a student made instructor is no longer enrolled in. */
    public record RoleChange(Person person, List<String> leftCourses) {
    }

    /** Every account, oldest first. */
    public List<Person> list(User admin) {
        requireAdmin(admin);
        return people(null);
    }

    /** Every account, or only {@code onlyId}'s, with the courses each teaches. */
    private List<Person> people(Long onlyId) {
        Object[] only = onlyId == null ? new Object[0] : new Object[] {onlyId};
        Map<Long, List<String>> teaching = new LinkedHashMap<>();
        for (Membership m : db.query("SELECT i.user_id, c.id, c.name FROM course_instructors i JOIN courses c "
                + "ON c.id = i.course_id " + (onlyId == null ? "" : "WHERE i.user_id = ? ") + "ORDER BY c.name, c.id",
                People::membership, only)) {
            teaching.computeIfAbsent(m.userId(), k -> new ArrayList<>()).add(m.courseName());
        }
        return db.query("SELECT u.id, u.email, u.display_name, u.role, u.created_at, u.last_active_at, "
                + "EXISTS (SELECT 1 FROM invitations v WHERE v.user_id = u.id) AS invited, "
                + "EXISTS (SELECT 1 FROM invitations v WHERE v.user_id = u.id AND v.used_at IS NOT NULL) AS accepted "
                + "FROM users u " + (onlyId == null ? "" : "WHERE u.id = ? ") + "ORDER BY u.created_at, u.id",
                r -> new Person(r.getLong("id"), r.getString("email"), r.getString("display_name"),
                        Role.valueOf(r.getString("role")), Rows.instant(r, "created_at"),
                        Rows.instant(r, "last_active_at"), r.getBoolean("invited") && !r.getBoolean("accepted"),
                        teaching.getOrDefault(r.getLong("id"), List.of())), only);
    }

    /**
     * An instructor account for {@code email}, with an invitation link that belongs to no course.
     *
     * @throws InvalidInputException field "email" (not an address, or an account has it) or "name" (too long)
     */
    public Invited createInstructor(User admin, String email, String name) {
        requireAdmin(admin);
        return db.transaction(tx -> {
            User instructor = accounts.createInvited(tx, email, name, Role.INSTRUCTOR);
            String token = Invitations.issue(tx, instructor.id(), null, admin.id());
            AuditLog.record(tx, admin.id(), "instructor-invited", instructor.email());
            return new Invited(instructor, token);
        });
    }

    /**
     * A new invitation link for an account whose person never chose a password (their link was lost or
     * expired); their older link stops working.
     *
     * @throws NotFoundException     field "id": no such account
     * @throws InvalidInputException field "id": the account has a password of its own
     */
    public Invited reinvite(User admin, long userId) {
        requireAdmin(admin);
        User person = users.byId(userId).orElseThrow(() -> new NotFoundException("id", "no account " + userId));
        return db.transaction(tx -> new Invited(person, Invitations.renew(tx, userId, person.email(), admin, "id")));
    }

    /**
     * Makes the account a student or an instructor. A student made instructor leaves the courses they
     * were enrolled in (kept as removals by the administrator: an instructor is nobody's classmate);
     * their experiments stay. Asking for the role the account already has changes nothing.
     *
     * @param role "instructor" or "student"
     * @throws NotFoundException     field "id": no such account
     * @throws InvalidInputException field "role": another role, the administrator's own account, or an
     *                               instructor who still teaches a course (named)
     */
    public RoleChange changeRole(User admin, long userId, String role) {
        requireAdmin(admin);
        Role wanted = wantedRole(role);
        User person = users.byId(userId).orElseThrow(() -> new NotFoundException("id", "no account " + userId));
        if (person.id() == admin.id()) {
            throw new InvalidInputException("role", "role: you cannot change your own role");
        }
        if (person.role() == wanted) {
            return new RoleChange(find(userId), List.of());
        }
        List<String> teaches = find(userId).teaches();
        if (wanted == Role.STUDENT && !teaches.isEmpty()) {
            throw new InvalidInputException("role", "role: " + person.email() + " still teaches "
                    + String.join(", ", teaches.stream().map(InvalidInputException::quote).toList())
                    + "; remove a co-instructor under Instructors on the course's page first (a course's owner "
                    + "stays an instructor)");
        }
        List<String> left = db.transaction(tx -> {
            List<String> courses = new ArrayList<>();
            if (wanted.teaches()) {
                for (Membership m : tx.query("SELECT n.user_id, c.id, c.name FROM enrollments n JOIN courses c "
                        + "ON c.id = n.course_id WHERE n.user_id = ? ORDER BY c.name, c.id", People::membership, userId)) {
                    CourseStore.unenroll(tx, m.courseId(), userId, admin.id());
                    courses.add(m.courseName());
                }
            }
            users.setRole(tx, userId, wanted);
            AuditLog.record(tx, admin.id(), "role-changed", person.email() + ": " + person.role() + " -> " + wanted
                    + (courses.isEmpty() ? "" : ", left " + String.join(", ", courses)));
            return courses;
        });
        return new RoleChange(find(userId), left);
    }

    /** A person's place in a course (teaching it or enrolled in it). */
    private record Membership(long userId, long courseId, String courseName) {
    }

    private static Membership membership(java.sql.ResultSet r) throws java.sql.SQLException {
        return new Membership(r.getLong(1), r.getLong(2), r.getString(3));
    }

    private Person find(long userId) {
        return people(userId).stream().findFirst()
                .orElseThrow(() -> new NotFoundException("id", "no account " + userId));
    }

    private static Role wantedRole(String role) {
        if ("instructor".equals(role)) {
            return Role.INSTRUCTOR;
        }
        if ("student".equals(role)) {
            return Role.STUDENT;
        }
        throw new InvalidInputException("role", "role: instructor or student"
                + ("admin".equals(role) ? " (administrators are made only on the first start)"
                        : ", got " + InvalidInputException.quote(role)));
    }

    private static void requireAdmin(User user) {
        if (user.role() != Role.ADMIN) {
            throw new ForbiddenException("only an administrator manages accounts");
        }
    }
}
