package io.quantlab.account;

import io.quantlab.InvalidInputException;
import io.quantlab.store.Database;
import io.quantlab.store.Rows;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Personal API tokens for {@code Authorization: Bearer}; only their hashes are stored. */
public final class ApiTokenStore {
    private final Database db;

    public ApiTokenStore(Database db) {
        this.db = db;
    }

    /** Creates a token and returns its secret, which is shown once and never again. */
    public String create(User user, String label) {
        String clean = label == null || label.isBlank() ? "API token" : label.trim();
        if (clean.length() > 100) {
            throw new InvalidInputException("label", "label: at most 100 characters");
        }
        String secret = "ql_" + Secrets.token();
        db.insert("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?, ?, ?, ?)",
                user.id(), Secrets.sha256Hex(secret), clean, Instant.now());
        return secret;
    }

    public Optional<User> authenticate(String secret) {
        String hash = Secrets.sha256Hex(secret);
        Optional<User> user = db.one("SELECT u.* FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?",
                UserStore::user, hash);
        user.ifPresent(u -> db.update("UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?", Instant.now(), hash));
        return user;
    }

    public List<ApiToken> list(User user) {
        return db.query("SELECT * FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC",
                r -> new ApiToken(r.getLong("id"), r.getString("label"), Rows.instant(r, "created_at"),
                        Rows.instant(r, "last_used_at")),
                user.id());
    }

    public boolean revoke(User user, long tokenId) {
        return db.update("DELETE FROM api_tokens WHERE id = ? AND user_id = ?", tokenId, user.id()) == 1;
    }
}
