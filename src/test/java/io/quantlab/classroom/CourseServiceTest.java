package io.quantlab.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.account.UserStore;
import io.quantlab.store.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Courses and people on a real H2 database: who may do what, and that every change is in the audit log. */
class CourseServiceTest {
    private Database db;
    private CourseService courses;
    private Registration registration;
    private User owner;
    private User coTeacher;
    private User stranger;
    private User admin;
    private Course course;

    @BeforeEach
    void aCourseWithItsOwner() throws IOException {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("quantlab-courses").resolve("quantlab");
        db = Database.open(url, "sa", "", Path.of("migrations"));
        AccountService accounts = new AccountService(db, new UserStore(db));
        CourseStore store = new CourseStore(db);
        courses = new CourseService(db, store, accounts);
        registration = new Registration(db, accounts, store);
        admin = user(accounts, "admin@example.org", Role.ADMIN);
        owner = user(accounts, "owen@example.org", Role.INSTRUCTOR);
        coTeacher = user(accounts, "cora@example.org", Role.INSTRUCTOR);
        stranger = user(accounts, "otto@example.org", Role.INSTRUCTOR);
        course = courses.create(owner, "Quantization 101");
    }

    private User user(AccountService accounts, String email, Role role) {
        return db.transaction(tx -> accounts.create(tx, email, email.substring(0, 4), "long-enough-password", role));
    }

    private User student(String email, String code) {
        return registration.registerStudent(email, email.substring(0, 3), "long-enough-password", code, "10.0.0.1");
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }

    @Test
    void anInstructorReachesOnlyCoursesTheyOwnOrCoTeachAndAnAdminAll() {
        assertThrows(NotFoundException.class, () -> courses.taught(coTeacher, course.id()));
        courses.addCoInstructor(owner, course.id(), "CORA@example.org ");
        assertEquals(course.id(), courses.taught(coTeacher, course.id()).id());
        assertEquals(List.of(course.id()), courses.listFor(coTeacher).stream().map(Course::id).toList());
        assertEquals(course.id(), courses.taught(admin, course.id()).id());

        NotFoundException other = assertThrows(NotFoundException.class, () -> courses.taught(stranger, course.id()));
        NotFoundException missing = assertThrows(NotFoundException.class, () -> courses.taught(stranger, 987654));
        assertEquals(other.getMessage().replace(course.id() + "", "N"), missing.getMessage().replace("987654", "N"),
                "another's course is answered like one that does not exist");
        assertThrows(NotFoundException.class, () -> courses.rename(stranger, course.id(), "Mine now"));
        assertEquals("Quantization 101", courses.taught(owner, course.id()).name());
        assertTrue(courses.listFor(stranger).isEmpty());
    }

    @Test
    void coInstructorsMustBeInstructorAccountsAndAreAddedOnce() {
        User student = student("stu@example.org", course.joinCode());
        InvalidInputException notInstructor = assertThrows(InvalidInputException.class,
                () -> courses.addCoInstructor(owner, course.id(), student.email()));
        assertEquals("email", notInstructor.field());
        assertThrows(InvalidInputException.class, () -> courses.addCoInstructor(owner, course.id(), "nobody@example.org"));
        assertThrows(InvalidInputException.class, () -> courses.addCoInstructor(owner, course.id(), owner.email()));
        CourseInstructor added = courses.addCoInstructor(owner, course.id(), coTeacher.email());
        assertEquals(TeachingRole.CO_INSTRUCTOR, added.role());
        assertEquals(List.of(TeachingRole.OWNER, TeachingRole.CO_INSTRUCTOR),
                courses.instructors(coTeacher, course.id()).stream().map(CourseInstructor::role).toList());
    }

    @Test
    void aRotatedOrDisabledCodeJoinsNobody() {
        String old = course.joinCode();
        Course rotated = courses.rotateJoinCode(owner, course.id());
        assertFalse(old.equals(rotated.joinCode()));
        assertEquals("joinCode", assertThrows(InvalidInputException.class,
                () -> student("late@example.org", old)).field());
        courses.setJoinCodeEnabled(owner, course.id(), false);
        assertThrows(InvalidInputException.class, () -> student("later@example.org", rotated.joinCode()));
        assertEquals(0, count("SELECT COUNT(*) FROM users WHERE email LIKE 'late%'"), "nothing stored");
        courses.setJoinCodeEnabled(owner, course.id(), true);
        assertEquals(1, student("later@example.org", rotated.joinCode()).id() > 0 ? 1 : 0);
        assertEquals(1, courses.roster(owner, course.id()).size());
    }

    @Test
    void aStudentJoinsSeveralCoursesAndARemovedOneLosesAccessButKeepsTheRecord() {
        Course second = courses.create(stranger, "Edge AI");
        User stu = student("stu@example.org", course.joinCode());
        courses.join(stu, second.joinCode().toLowerCase());
        assertEquals(List.of("Edge AI", "Quantization 101"),
                courses.takenBy(stu).stream().map(t -> t.course().name()).toList());
        assertEquals("joinCode", assertThrows(InvalidInputException.class,
                () -> courses.join(stu, second.joinCode())).field(), "already in it");
        assertThrows(InvalidInputException.class, () -> courses.join(owner, second.joinCode()),
                "an instructor is added as a co-instructor, not with the code");

        assertThrows(NotFoundException.class, () -> courses.removeStudent(stranger, course.id(), stu.id()));
        courses.removeStudent(owner, course.id(), stu.id());
        assertEquals(List.of("Edge AI"), courses.takenBy(stu).stream().map(t -> t.course().name()).toList());
        assertThrows(NotFoundException.class, () -> courses.taken(stu, course.id()));
        assertTrue(courses.roster(owner, course.id()).isEmpty());
        assertThrows(NotFoundException.class, () -> courses.removeStudent(owner, course.id(), stu.id()),
                "not enrolled any more");
        assertEquals(1, count("SELECT COUNT(*) FROM enrollment_removals WHERE course_id = " + course.id()
                + " AND user_id = " + stu.id() + " AND removed_by = " + owner.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM users WHERE id = " + stu.id()), "the account stays");

        courses.join(stu, courses.taught(owner, course.id()).joinCode());
        assertEquals(1, courses.roster(owner, course.id()).size(), "a removed student may join again");
    }

    @Test
    void everyChangeIsInTheAuditLogWithWhoAndWhen() {
        courses.rename(owner, course.id(), "Quantization 102");
        courses.rotateJoinCode(owner, course.id());
        courses.setJoinCodeEnabled(owner, course.id(), false);
        courses.setJoinCodeEnabled(owner, course.id(), true);
        courses.addCoInstructor(owner, course.id(), coTeacher.email());
        User stu = student("stu@example.org", courses.taught(owner, course.id()).joinCode());
        courses.removeStudent(coTeacher, course.id(), stu.id());
        List<String> actions = db.query("SELECT action, user_id, occurred_at FROM audit_log WHERE action NOT LIKE "
                + "'account-%' ORDER BY id", r -> {
                    assertTrue(r.getTimestamp("occurred_at") != null);
                    return r.getString("action") + " by " + r.getLong("user_id");
                });
        assertEquals(List.of("course-created by " + owner.id(), "course-renamed by " + owner.id(),
                "join-code-rotated by " + owner.id(), "join-code-disabled by " + owner.id(),
                "join-code-enabled by " + owner.id(), "co-instructor-added by " + owner.id(),
                "course-joined by " + stu.id(), "student-removed by " + coTeacher.id()), actions);
    }

    @Test
    void aCourseNameIsOneLineOfAtMost200Characters() {
        for (String bad : new String[] {"", "   ", "a\nb", "x".repeat(201), null}) {
            assertEquals("name", assertThrows(InvalidInputException.class,
                    () -> courses.rename(owner, course.id(), bad)).field());
        }
        assertEquals("Edge <AI> & \"more\"", courses.rename(owner, course.id(), "  Edge <AI> & \"more\" ").name());
    }

    private long count(String select) {
        return db.one(select, r -> r.getLong(1)).orElseThrow();
    }
}
