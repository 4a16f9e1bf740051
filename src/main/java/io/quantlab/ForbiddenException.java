package io.quantlab;

/**
 * Something a user may see but not do, e.g. an instructor cancelling a student's experiment they
 * view read-only; the web layer answers 403 with {@link #getMessage()}, which says who may.
 */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
