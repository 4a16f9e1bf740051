package io.quantlab.account;

import java.time.Duration;

/** Sign-in refused without checking the password: too many recent failures (HTTP 429, Retry-After). */
public final class TooManySignInsException extends RuntimeException {
    private final Duration retryAfter;

    TooManySignInsException(Duration retryAfter) {
        super("too many failed sign-ins; try again in " + retryAfterSeconds(retryAfter) + " seconds");
        this.retryAfter = retryAfter;
    }

    /** Whole seconds, rounded up, for the Retry-After header. */
    public long retryAfterSeconds() {
        return retryAfterSeconds(retryAfter);
    }

    private static long retryAfterSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
