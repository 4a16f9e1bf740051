package io.quantlab.classroom;

import io.quantlab.InvalidInputException;
import io.quantlab.NotFoundException;
import io.quantlab.account.AccountService;
import io.quantlab.account.Secrets;
import io.quantlab.account.User;
import io.quantlab.account.UserStore;
import io.quantlab.store.AuditLog;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One-time links for accounts made without a password: students a roster import created (the link
 * names their course) and instructors an administrator created (no course). The person opens
 * {@code /invite/<token>} and chooses their own password, so whoever made the account never knows
 * it. Only the token's SHA-256 is stored; a link works once, for {@link #LIFETIME}, and a newer link
 * for the same account replaces it.
 */
public final class Invitations {
    public static final Duration LIFETIME = Duration.ofDays(14);
    private final Database db;
    private final UserStore users;
    private final AccountService accounts;

    public Invitations(Database db, UserStore users, AccountService accounts) {
        this.db = db;
        this.users = users;
        this.accounts = accounts;
    }

    /**
     * What the invitation page shows before the password is chosen; {@code courseName} is null for an
     * instructor's invitation, which belongs to no course.
     */
    public record Pending(User account, String courseName, Instant expiresAt) {
    }

    /**
     * A new link's secret token for {@code userId}; older unused links of theirs stop working.
     *
     * @param courseId the course a roster import enrolled them in, or null (an instructor's invitation)
     */
    static String issue(Rows tx, long userId, Long courseId, long createdBy) {
        String token = Secrets.token();
        Instant now = Instant.now();
        tx.update("DELETE FROM invitations WHERE user_id = ? AND used_at IS NULL", userId);
        tx.update("INSERT INTO invitations (token_hash, user_id, course_id, created_by, created_at, expires_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", Secrets.sha256Hex(token), userId, courseId, createdBy, now,
                now.plus(LIFETIME));
        return token;
    }

    /**
     * A new link for an account whose person never used theirs (lost or expired), for the course of
     * their newest one (null: an instructor's); the old link stops working.
     */
    static String reissue(Rows tx, long userId, long createdBy) {
        // a list, not one(): the course of an instructor's invitation is null, which Optional cannot hold
        List<Long> courses = tx.query("SELECT course_id FROM invitations WHERE user_id = ? ORDER BY created_at DESC",
                r -> r.getObject(1, Long.class), userId);
        return issue(tx, userId, courses.isEmpty() ? null : courses.get(0), createdBy);
    }

    /**
     * A new link for the account {@code userId} ({@code email}), made by {@code by} (the administrator, or an instructor of their
     * course), audited; their older link stops working.
     *
     * @throws InvalidInputException {@code field}: the person already chose a password
     */
    static String renew(Rows tx, long userId, String email, User by, String field) {
        if (!awaitsPassword(tx, userId)) {
            throw new InvalidInputException(field, field + ": " + email + " has a password of their own; "
                    + "a new link is only for an account whose invitation was never used");
        }
        String token = reissue(tx, userId, by.id());
        AuditLog.record(tx, by.id(), "invitation-reissued", email);
        return token;
    }

    /** True while the person never used an invitation but has one: their account has no password they know. */
    static boolean awaitsPassword(Rows tx, long userId) {
        return tx.one("SELECT COUNT(*) FROM invitations WHERE user_id = ? AND used_at IS NOT NULL",
                r -> r.getLong(1), userId).orElse(0L) == 0
                && tx.one("SELECT 1 FROM invitations WHERE user_id = ?", r -> 1, userId).isPresent();
    }

    /** The invitation behind {@code token} while it is unused and unexpired. */
    public Pending find(String token) {
        return pending(token).orElseThrow(Invitations::gone);
    }

    /** Sets the account's password and uses the link up; the account, to sign in. */
    public User accept(String token, String password) {
        Pending pending = find(token);
        return db.transaction(tx -> {
            int used = tx.update("UPDATE invitations SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                    Instant.now(), hash(token));
            if (used != 1) {
                throw gone();
            }
            accounts.setPassword(tx, pending.account(), password);
            AuditLog.record(tx, pending.account().id(), "invitation-accepted", pending.account().email());
            return pending.account();
        });
    }

    private Optional<Pending> pending(String token) {
        if (token == null || token.length() < 20 || token.length() > 100) {
            return Optional.empty();
        }
        return db.one("SELECT v.user_id, v.expires_at, c.name FROM invitations v LEFT JOIN courses c ON c.id = v.course_id "
                + "WHERE v.token_hash = ? AND v.used_at IS NULL AND v.expires_at > ?",
                r -> new Object[] {r.getLong("user_id"), Rows.instant(r, "expires_at"), r.getString("name")},
                hash(token), Instant.now())
                .flatMap(row -> users.byId((Long) row[0]).map(u -> new Pending(u, (String) row[2], (Instant) row[1])));
    }

    private static String hash(String token) {
        return Secrets.sha256Hex(token);
    }

    private static NotFoundException gone() {
        return new NotFoundException(null, "this invitation link is unknown, already used or expired; "
                + "ask whoever gave it to you for a new one");
    }
}
