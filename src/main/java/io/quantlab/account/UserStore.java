package io.quantlab.account;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

public final class UserStore {
    private final Database db;

    public UserStore(Database db) {
        this.db = db;
    }

    public Optional<User> byId(long id) {
        return db.one("SELECT * FROM users WHERE id = ?", UserStore::user, id);
    }

    public Optional<User> byEmail(String email) {
        return db.one("SELECT * FROM users WHERE email = ?", UserStore::user, normalize(email));
    }

    /** As {@link #byEmail(String)}, on the caller's transaction (never a second connection from the pool). */
    static Optional<User> byEmail(Rows tx, String email) {
        return tx.one("SELECT * FROM users WHERE email = ?", UserStore::user, normalize(email));
    }

    Optional<String> passwordHash(long userId) {
        return db.one("SELECT password_hash FROM users WHERE id = ?", r -> r.getString(1), userId);
    }

    public long insert(Rows tx, String email, String displayName, String passwordHash, Role role) {
        return tx.insert("INSERT INTO users (email, display_name, password_hash, role, created_at) VALUES (?, ?, ?, ?, ?)",
                normalize(email), displayName, passwordHash, role.name(), Instant.now());
    }

    /** Replaces the stored password hash (an invited student choosing their password). */
    public void setPasswordHash(Rows tx, long userId, String passwordHash) {
        tx.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, userId);
    }

    /** Makes the account a student, instructor or admin (an administrator's decision, checked by the caller). */
    public void setRole(Rows tx, long userId, Role role) {
        tx.update("UPDATE users SET role = ? WHERE id = ?", role.name(), userId);
    }

    /** Notes that the user was active at {@code when}. */
    void touch(long userId, Instant when) {
        db.update("UPDATE users SET last_active_at = ? WHERE id = ?", when, userId);
    }

    public long count() {
        return db.one("SELECT COUNT(*) FROM users", r -> r.getLong(1)).orElse(0L);
    }

    static String normalize(String email) {
        return email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static User user(ResultSet r) throws SQLException {
        return new User(r.getLong("id"), r.getString("email"), r.getString("display_name"),
                Role.valueOf(r.getString("role")));
    }
}
