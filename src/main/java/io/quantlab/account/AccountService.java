package io.quantlab.account;

import io.quantlab.InvalidInputException;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;

/** Signing in and creating accounts, with the checks a person filling a form needs. */
public final class AccountService {
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    public static final int MIN_PASSWORD_LENGTH = 10;

    /** Checked against when the e-mail is unknown; no password matches it. */
    private static final String UNKNOWN_USER_HASH = PasswordHasher.hash(Secrets.token());

    private final Database db;
    private final UserStore users;
    private final SignInThrottle throttle;

    public AccountService(Database db, UserStore users) {
        this(db, users, new SignInThrottle(Clock.systemUTC()));
    }

    AccountService(Database db, UserStore users, SignInThrottle throttle) {
        this.db = db;
        this.users = users;
        this.throttle = throttle;
    }

    /**
     * The user whose e-mail and password match; empty otherwise (never says which was wrong). An
     * unknown e-mail costs the same password hashing as a known one, so the answer's time does not
     * tell whether an account exists.
     *
     * @param address the client's address, for the {@link SignInThrottle}
     * @throws TooManySignInsException when this account or address failed too often lately; the
     *                                 password is then not checked at all
     */
    public Optional<User> signIn(String email, String password, String address) {
        if (email == null || password == null || email.isBlank()) {
            return Optional.empty();
        }
        String account = UserStore.normalize(email);
        throttle.waitBefore(account, address).ifPresent(wait -> {
            throw new TooManySignInsException(wait);
        });
        Optional<User> user = users.byEmail(email);
        String hash = user.flatMap(u -> users.passwordHash(u.id())).orElse(UNKNOWN_USER_HASH);
        boolean ok = PasswordHasher.matches(password, hash) && user.isPresent();
        user.ifPresent(u -> AuditLog.record(db, u.id(), ok ? "sign-in" : "sign-in-failed", u.email()));
        if (ok) {
            throttle.succeeded(account, address);
            return user;
        }
        throttle.failed(account, address);
        return Optional.empty();
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
