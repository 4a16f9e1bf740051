package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.SignInThrottle;
import io.quantlab.account.TooManySignInsException;
import io.quantlab.account.User;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;

/**
 * A student joins with a course's join code: the account and the enrollment land together. Wrong
 * codes are guesses at a secret and wait like wrong passwords ({@link SignInThrottle}'s rules, per
 * address, counted with that address's failed sign-ins), on the page and the API alike.
 */
public final class Registration {
    private final Database db;
    private final AccountService accounts;
    private final CourseStore courses;

    public Registration(Database db, AccountService accounts, CourseStore courses) {
        this.db = db;
        this.accounts = accounts;
        this.courses = courses;
    }

    /**
     * @param address the client's address, for the wait after wrong join codes
     * @throws TooManySignInsException when this address sent too many wrong codes lately (nothing is checked)
     */
    public User registerStudent(String email, String displayName, String password, String joinCode, String address) {
        SignInThrottle throttle = accounts.throttle();
        String guesser = "join-code " + address;
        throttle.waitBefore(guesser, address).ifPresent(wait -> {
            throw new TooManySignInsException("too many wrong join codes", wait);
        });
        Course course = courses.byJoinCode(joinCode).orElse(null);
        if (course == null) {
            throttle.failed(guesser, address);
            throw unknownCode();
        }
        AccountService.NewAccount account = accounts.prepare(email, displayName, password, Role.STUDENT);
        User registered = db.transaction(tx -> {
            User student = accounts.create(tx, account);
            CourseStore.enroll(tx, course.id(), student.id());
            AuditLog.record(tx, student.id(), "course-joined", "course " + course.id());
            return student;
        });
        throttle.succeeded(guesser, address);
        return registered;
    }

    static InvalidInputException unknownCode() {
        return new InvalidInputException("joinCode", "join code: no course has this code, or it was disabled; "
                + "ask your instructor for it");
    }
}
