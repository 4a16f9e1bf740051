package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.Secrets;
import io.quantlab.account.User;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import java.util.List;
import java.util.Optional;

/**
 * What instructors do with their courses and students with theirs. An instructor reaches only the
 * courses they own or co-teach (an administrator every course); any other course id is answered
 * exactly like one that does not exist, so ids cannot be probed. Every change is in the audit log.
 */
public final class CourseService {
    private final Database db;
    private final CourseStore courses;
    private final AccountService accounts;

    public CourseService(Database db, CourseStore courses, AccountService accounts) {
        this.db = db;
        this.courses = courses;
        this.accounts = accounts;
    }

    public Course create(User instructor, String name) {
        return courses.create(instructor, name);
    }

    /** The courses on this user's course page: those they teach (an admin: all), else those they take. */
    public List<Course> listFor(User user) {
        if (user.role() == Role.ADMIN) {
            return courses.all();
        }
        return user.role().teaches() ? courses.taughtBy(user) : courses.enrolled(user);
    }

    /**
     * The course if {@code user} teaches it (or is an admin).
     *
     * @throws NotFoundException otherwise, the same as for a course that does not exist
     */
    public Course taught(User user, long courseId) {
        boolean allowed = user.role() == Role.ADMIN
                || user.role().teaches() && courses.teaches(user.id(), courseId);
        return (allowed ? courses.byId(courseId) : Optional.<Course>empty())
                .orElseThrow(() -> new NotFoundException(null, "no course " + courseId + " that you teach"));
    }

    /** The course if {@code student} is enrolled in it; else a 404 like for a course that does not exist. */
    public Course taken(User student, long courseId) {
        return (courses.isEnrolled(student.id(), courseId) ? courses.byId(courseId) : Optional.<Course>empty())
                .orElseThrow(() -> new NotFoundException(null, "no course " + courseId + " that you take"));
    }

    public Course rename(User instructor, long courseId, String name) {
        Course course = taught(instructor, courseId);
        String clean = CourseStore.checkedName(name);
        db.transaction(tx -> {
            courses.rename(tx, courseId, clean);
            AuditLog.record(tx, instructor.id(), "course-renamed", "course " + courseId + ": " + course.name()
                    + " -> " + clean);
            return null;
        });
        return taught(instructor, courseId);
    }

    /** A new join code (also enabling it); the old one joins nobody from now on. */
    public Course rotateJoinCode(User instructor, long courseId) {
        taught(instructor, courseId);
        String code = Secrets.joinCode();
        db.transaction(tx -> {
            courses.setJoinCode(tx, courseId, code);
            AuditLog.record(tx, instructor.id(), "join-code-rotated", "course " + courseId);
            return null;
        });
        return taught(instructor, courseId);
    }

    public Course setJoinCodeEnabled(User instructor, long courseId, boolean enabled) {
        taught(instructor, courseId);
        db.transaction(tx -> {
            courses.setJoinCodeEnabled(tx, courseId, enabled);
            AuditLog.record(tx, instructor.id(), enabled ? "join-code-enabled" : "join-code-disabled",
                    "course " + courseId);
            return null;
        });
        return taught(instructor, courseId);
    }

    public List<RosterEntry> roster(User instructor, long courseId) {
        taught(instructor, courseId);
        return courses.roster(courseId);
    }

    public List<CourseInstructor> instructors(User instructor, long courseId) {
        taught(instructor, courseId);
        return courses.instructors(courseId);
    }

    /**
     * Adds the instructor account with this e-mail as a co-instructor.
     *
     * @throws InvalidInputException field "email": no instructor account has it, or they already teach the course
     */
    public CourseInstructor addCoInstructor(User instructor, long courseId, String email) {
        taught(instructor, courseId);
        User added = accounts.byEmail(email).filter(u -> u.role().teaches()).orElseThrow(() ->
                new InvalidInputException("email", "email: no instructor account has the address "
                        + InvalidInputException.quote(email == null ? "" : email.strip())
                        + " (a student account cannot become a co-instructor)"));
        if (courses.teaches(added.id(), courseId)) {
            throw new InvalidInputException("email", "email: " + added.email() + " already teaches this course");
        }
        db.transaction(tx -> {
            CourseStore.addInstructor(tx, courseId, added.id(), TeachingRole.CO_INSTRUCTOR, instructor.id());
            AuditLog.record(tx, instructor.id(), "co-instructor-added", "course " + courseId + ": " + added.email());
            return null;
        });
        return courses.instructors(courseId).stream().filter(i -> i.userId() == added.id()).findFirst().orElseThrow();
    }

    /**
     * Takes a co-instructor off the course: they lose access to it at once (an instructor of no course
     * can then be made a student on the People page). The owner stays.
     *
     * @throws NotFoundException     when the course is not the instructor's or {@code userId} does not teach it
     * @throws InvalidInputException field "instructor": {@code userId} is the course's owner
     */
    public void removeCoInstructor(User instructor, long courseId, long userId) {
        taught(instructor, courseId);
        CourseInstructor removed = courses.instructors(courseId).stream().filter(i -> i.userId() == userId).findFirst()
                .orElseThrow(() -> new NotFoundException(null, "no instructor " + userId + " in course " + courseId));
        if (removed.role() == TeachingRole.OWNER) {
            throw new InvalidInputException("instructor", "instructor: " + removed.email()
                    + " owns this course and stays its instructor");
        }
        db.transaction(tx -> {
            if (CourseStore.removeCoInstructor(tx, courseId, userId)) {
                AuditLog.record(tx, instructor.id(), "co-instructor-removed", "course " + courseId + ": "
                        + removed.email());
            }
            return null;
        });
    }

    /**
     * Takes the student out of the course: they lose access to it at once; their account, experiments
     * and submissions stay, and the removal is kept (enrollment_removals, audit log).
     *
     * @throws NotFoundException when the course is not the instructor's or the student is not enrolled in it
     */
    public void removeStudent(User instructor, long courseId, long studentId) {
        taught(instructor, courseId);
        boolean removed = db.transaction(tx -> {
            boolean was = CourseStore.unenroll(tx, courseId, studentId, instructor.id());
            if (was) {
                AuditLog.record(tx, instructor.id(), "student-removed", "course " + courseId + ": user " + studentId);
            }
            return was;
        });
        if (!removed) {
            throw new NotFoundException(null, "no student " + studentId + " in course " + courseId);
        }
    }

    /** The enrolled student, for the confirmation before removing them. */
    public RosterEntry student(User instructor, long courseId, long studentId) {
        return roster(instructor, courseId).stream().filter(s -> s.userId() == studentId).findFirst()
                .orElseThrow(() -> new NotFoundException(null, "no student " + studentId + " in course " + courseId));
    }

    /** The student's courses as they see them. */
    public List<TakenCourse> takenBy(User student) {
        return courses.enrolled(student).stream().map(this::asTaken).toList();
    }

    /** "View as a student": the instructor's course exactly as its students see it. */
    public TakenCourse asStudentSees(User instructor, long courseId) {
        return asTaken(taught(instructor, courseId));
    }

    /** The ids of a course's baselines, newest first; for a course the caller already checked the user may see. */
    public List<Long> baselineIds(TakenCourse course) {
        return courses.baselineIds(course.course().id());
    }

    private TakenCourse asTaken(Course course) {
        return new TakenCourse(course, courses.instructors(course.id()).stream().map(CourseInstructor::name).toList());
    }

    /**
     * A signed-in student joins another course with its code.
     *
     * @throws InvalidInputException field "joinCode": unknown or disabled code, already enrolled, or not a student
     */
    public Course join(User student, String joinCode) {
        if (student.role() != Role.STUDENT) {
            throw new InvalidInputException("joinCode", "joinCode: instructors are added to a course as co-instructors");
        }
        Course course = courses.byJoinCode(joinCode).orElseThrow(Registration::unknownCode);
        if (courses.isEnrolled(student.id(), course.id())) {
            throw new InvalidInputException("joinCode", "joinCode: you are already in " + course.name());
        }
        db.transaction(tx -> {
            CourseStore.enroll(tx, course.id(), student.id());
            AuditLog.record(tx, student.id(), "course-joined", "course " + course.id());
            return null;
        });
        return courses.byId(course.id()).orElseThrow();
    }
}
