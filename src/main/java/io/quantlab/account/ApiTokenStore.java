package io.quantlab.account;

import io.quantlab.InvalidInputException;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Personal API tokens for {@code Authorization: Bearer}; only their hashes are stored. */
public final class ApiTokenStore {
    private final Database db;

    public ApiTokenStore(Database db) {
        this.db = db;
    }

    public static final int MAX_DAYS = 3650;

    /** A new token's secret, shown once and never again, and when it ends (null: until revoked). */
    public record Created(String secret, Instant expiresAt) {
    }

    /**
     * Creates a token.
     *
     * @param expiresInDays whole days from now, 1–{@value #MAX_DAYS}; null or blank for a token that
     *                      lasts until revoked
     * @throws InvalidInputException field "label" or "expiresInDays"
     */
    public Created create(User user, String label, String expiresInDays) {
        String clean = label == null || label.isBlank() ? "API token" : label.trim();
        if (clean.length() > 100) {
            throw new InvalidInputException("label", "label: at most 100 characters");
        }
        Instant now = Instant.now();
        Instant expiresAt = expiresInDays == null || expiresInDays.isBlank() ? null
                : now.plus(Duration.ofDays(days(expiresInDays.trim())));
        String secret = "ql_" + Secrets.token();
        db.insert("INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                user.id(), Secrets.sha256Hex(secret), clean, now, expiresAt);
        return new Created(secret, expiresAt);
    }

    private static int days(String text) {
        try {
            int days = Integer.parseInt(text);
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException notWhole) {
            // the message below says what is allowed
        }
        throw new InvalidInputException("expiresInDays", "expiresInDays: a whole number of days from 1 to " + MAX_DAYS
                + ", or empty for a token that lasts until revoked; got '" + text + "'");
    }

    /** The token's owner, unless the token is unknown, revoked or expired. */
    public Optional<User> authenticate(String secret) {
        String hash = Secrets.sha256Hex(secret);
        Instant now = Instant.now();
        Optional<User> user = db.one("SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id"
                + " WHERE t.token_hash = ? AND (t.expires_at IS NULL OR t.expires_at > ?)", UserStore::user, hash, now);
        user.ifPresent(u -> db.update("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?", now, hash));
        return user;
    }

    public List<ApiToken> list(User user) {
        return db.query("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC",
                r -> new ApiToken(r.getLong("id"), r.getString("label"), Rows.instant(r, "created_at"),
                        Rows.instant(r, "last_used_at"), Rows.instant(r, "expires_at")),
                user.id());
    }

    public boolean revoke(User user, long tokenId) {
        return db.update("DELETE FROM api_tokens WHERE id = ? AND user_id = ?", tokenId, user.id()) == 1;
    }
}
