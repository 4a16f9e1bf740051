package io.quantlab.account;

import java.time.Instant;

/** A signed-in browser: who, the CSRF token its forms must carry, and when it lapses. */
public record Session(User user, String csrfToken, Instant expiresAt) {
}
