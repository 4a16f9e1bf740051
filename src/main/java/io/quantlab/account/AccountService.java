package io.quantlab.account;

import io.quantlab.InvalidInputException;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.util.Optional;
import java.util.regex.Pattern;

/** Signing in and creating accounts, with the checks a person filling a form needs. */
public final class AccountService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final Database db;
    private final UserStore users;

    public AccountService(Database db, UserStore users) {
        this.db = db;
        this.users = users;
    }

    /** The user whose e-mail and password match; empty otherwise (never says which was wrong). */
    public Optional<User> signIn(String email, String password) {
        if (email == null || password == null || email.isBlank()) {
            return Optional.empty();
        }
        Optional<User> user = users.byEmail(email);
        boolean ok = user.flatMap(u -> users.passwordHash(u.id()))
                .map(hash -> PasswordHasher.matches(password, hash))
                .orElse(false);
        user.ifPresent(u -> AuditLog.record(db, u.id(), ok ? "sign-in" : "sign-in-failed", u.email()));
        return ok ? user : Optional.empty();
    }

    /** Checks the fields and inserts the user inside the caller's transaction. */
    public User create(Rows tx, String email, String displayName, String password, Role role) {
        String cleanEmail = email == null ? "" : UserStore.normalize(email);
        if (!EMAIL.matcher(cleanEmail).matches() || cleanEmail.length() > 254) {
            throw new InvalidInputException("email", "email: enter an address like name@example.org");
        }
        String name = displayName == null || displayName.isBlank() ? cleanEmail.substring(0, cleanEmail.indexOf('@'))
                : displayName.trim();
        if (name.length() > 100) {
            throw new InvalidInputException("name", "name: at most 100 characters");
        }
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw new InvalidInputException("password",
                    "password: " + MIN_PASSWORD_LENGTH + "–200 characters");
        }
        if (users.byEmail(cleanEmail).isPresent()) {
            throw new InvalidInputException("email", "email: an account with this address already exists");
        }
        long id = users.insert(tx, cleanEmail, name, PasswordHasher.hash(password), role);
        AuditLog.record(tx, id, "account-created", role + " " + cleanEmail);
        return new User(id, cleanEmail, name, role);
    }
}
