package io.quantlab.account;

import java.time.Instant;

public record ApiToken(long id, String label, Instant createdAt, Instant lastUsedAt) {
}
