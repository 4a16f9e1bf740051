package io.quantlab;

/**
 * Something a user named by id that does not exist or that they may not see; the web layer
 * answers 404 with {@link #getMessage()}, which must name what was not found, and the field that
 * named it.
 */
public final class NotFoundException extends RuntimeException {
    private final String field;

    public NotFoundException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request's field that named the missing thing, or null when it was the path. */
    public String field() {
        return field;
    }
}
