package io.quantlab.account;

import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Sessions live in the database, so they survive a restart and work across processes. */
public final class SessionStore {
    private final Database db;
    private final Duration lifetime;

    public SessionStore(Database db, Duration lifetime) {
        this.db = db;
        this.lifetime = lifetime;
    }

    /** Starts a session and returns the secret that goes in the cookie. */
    public String start(User user) {
        String secret = Secrets.token();
        Instant now = Instant.now();
        db.update("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                Secrets.sha256Hex(secret), user.id(), Secrets.token(), now, now.plus(lifetime));
        db.update("DELETE FROM sessions WHERE expires_at < ?", now);
        return secret;
    }

    /** The live session for a cookie secret; empty when unknown or expired. */
    public Optional<Session> find(String secret) {
        if (secret == null || secret.isBlank()) {
            return Optional.empty();
        }
        return db.one("SELECT s.csrf_token, s.expires_at, u.* FROM sessions s JOIN users u ON u.id = s.user_id "
                        + "WHERE s.token_hash = ? AND s.expires_at > ?",
                r -> new Session(UserStore.user(r), r.getString("csrf_token"), Rows.instant(r, "expires_at")),
                Secrets.sha256Hex(secret), Instant.now());
    }

    public void end(String secret) {
        if (secret != null) {
            db.update("DELETE FROM sessions WHERE token_hash = ?", Secrets.sha256Hex(secret));
        }
    }
}
