package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.User;
import io.quantlab.store.Database;

/** A student joins with a course's join code: the account and the enrollment land together. */
public final class Registration {
    private final Database db;
    private final AccountService accounts;
    private final CourseStore courses;

    public Registration(Database db, AccountService accounts, CourseStore courses) {
        this.db = db;
        this.accounts = accounts;
        this.courses = courses;
    }

    public User registerStudent(String email, String displayName, String password, String joinCode) {
        Course course = courses.byJoinCode(joinCode).orElseThrow(() -> new InvalidInputException("joinCode",
                "join code: no course has this code; ask your instructor for it"));
        return db.transaction(tx -> {
            User student = accounts.create(tx, email, displayName, password, Role.STUDENT);
            CourseStore.enroll(tx, course.id(), student.id());
            return student;
        });
    }
}
