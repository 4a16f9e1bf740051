package io.quantlab.classroom;

import io.quantlab.account.AccountService;
import io.quantlab.account.Role;
import io.quantlab.account.Secrets;
import io.quantlab.account.User;
import io.quantlab.account.UserStore;
import io.quantlab.store.Database;
import java.util.Optional;

/**
 * On an empty database: the first instructor (an admin) and a first course, so a teacher can
 * sign in and hand out a join code right away.
 */
public final class FirstStart {
    public record Credentials(String email, String password, boolean generated, String joinCode) {
    }

    private FirstStart() {
    }

    /** Creates the first account when there is none; returns what to print once. */
    public static Optional<Credentials> ensureFirstInstructor(Database db, UserStore users, AccountService accounts,
            CourseStore courses, String email, String password) {
        if (users.count() > 0) {
            return Optional.empty();
        }
        String login = email != null ? email : "instructor@quantlab.local";
        boolean generated = password == null;
        String secret = generated ? Secrets.readablePassword(16) : password;
        User admin = db.transaction(tx -> accounts.create(tx, login, "Instructor", secret, Role.ADMIN));
        Course course = courses.create(admin, "Quantization seminar");
        return Optional.of(new Credentials(admin.email(), secret, generated, course.joinCode()));
    }
}
