package io.quantlab.account;

import java.time.Duration;

/** Sign-in refused without checking the password: too many recent failures (HTTP 429, Retry-After). */
public final class TooManySignInsException extends RuntimeException {
    private final Duration retryAfter;

    TooManySignInsException(Duration retryAfter) {
        this("too many failed sign-ins", retryAfter);
    }

    /** @param tooMany what was tried too often, e.g. "too many wrong join codes" */
    public TooManySignInsException(String tooMany, Duration retryAfter) {
        super(tooMany + "; try again in " + retryAfterSeconds(retryAfter) + " seconds");
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
