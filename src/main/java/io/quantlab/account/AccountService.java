package io.quantlab.account;

import io.quantlab.InvalidInputException;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import io.quantlab.store.StoreException;
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
    private final LastActive lastActive;

    public AccountService(Database db, UserStore users) {
        this(db, users, new SignInThrottle(Clock.systemUTC()));
    }

    AccountService(Database db, UserStore users, SignInThrottle throttle) {
        this.db = db;
        this.users = users;
        this.throttle = throttle;
        this.lastActive = new LastActive(users, Clock.systemUTC());
    }

    /**
     * The waits for password guesses, shared with other guessable secrets (a course's join code on
     * registration), so one address's failures at either count together.
     */
    public SignInThrottle throttle() {
        return throttle;
    }

    /** Notes that this user just used QuantLab (a page or an API call). */
    public void seen(User user) {
        lastActive.seen(user.id());
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
        return create(tx, prepare(email, displayName, password, role));
    }

    /** A new account's checked fields and its password's hash, ready to insert. */
    public record NewAccount(String email, String name, String passwordHash, Role role) {
    }

    /**
     * Checks the fields in the order a form shows them and hashes the password (a null one stores an
     * unusable hash). Call it before opening the transaction that inserts the account: the hashing
     * takes ~0.1 s of CPU, seconds while a class registers at once, and a transaction open meanwhile
     * holds one of the connections every page needs.
     */
    public NewAccount prepare(String email, String displayName, String password, Role role) {
        String cleanEmail = email == null ? "" : UserStore.normalize(email);
        if (!EMAIL.matcher(cleanEmail).matches() || cleanEmail.length() > 254) {
            throw new InvalidInputException("email", "email: enter an address like name@example.org");
        }
        String name = displayName == null || displayName.isBlank() ? cleanEmail.substring(0, cleanEmail.indexOf('@'))
                : displayName.trim();
        if (name.length() > 100) {
            throw new InvalidInputException("name", "name: at most 100 characters");
        }
        if (password != null) {
            checkPassword(password);
        }
        return new NewAccount(cleanEmail, name, PasswordHasher.hash(password != null ? password : Secrets.token()), role);
    }

    /** Inserts a {@link #prepare prepared} account inside the caller's transaction; "email" when the address has one. */
    public User create(Rows tx, NewAccount account) {
        // on tx: a second connection taken from the pool here, while this one is held, left a class
        // registering at once with every connection held and each waiting for another
        if (UserStore.byEmail(tx, account.email()).isPresent()) {
            throw emailTaken();
        }
        long id;
        try {
            id = users.insert(tx, account.email(), account.name(), account.passwordHash(), account.role());
        } catch (StoreException e) {
            if (e.isDuplicateKey()) { // the same address registered by a request racing this one
                throw emailTaken();
            }
            throw e;
        }
        AuditLog.record(tx, id, "account-created", account.role() + " " + account.email());
        return new User(id, account.email(), account.name(), account.role());
    }

    /**
     * An account that nobody can sign in to yet: its stored hash is of a random secret that is never
     * shown; its person sets a password through an invitation ({@link #setPassword}).
     */
    public User createInvited(Rows tx, String email, String displayName, Role role) {
        return create(tx, prepare(email, displayName, null, role));
    }

    /** Sets a new password, with the same rules as on registration, inside the caller's transaction. */
    public void setPassword(Rows tx, User user, String password) {
        checkPassword(password);
        users.setPasswordHash(tx, user.id(), PasswordHasher.hash(password));
        AuditLog.record(tx, user.id(), "password-set", user.email());
    }

    /** The account with this e-mail, if any. */
    public Optional<User> byEmail(String email) {
        return email == null || email.isBlank() ? Optional.empty() : users.byEmail(email);
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > 200) {
            throw new InvalidInputException("password",
                    "password: " + MIN_PASSWORD_LENGTH + "–200 characters");
        }
    }

    private static InvalidInputException emailTaken() {
        return new InvalidInputException("email", "email: an account with this address already exists");
    }
}
