package io.quantlab.account;

import java.time.Instant;

/** A personal API token as its owner sees it (never the secret); {@code expiresAt} null: until revoked. */
public record ApiToken(long id, String label, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
    public boolean expired() {
        return expiresAt != null && !expiresAt.isAfter(Instant.now());
    }
}
