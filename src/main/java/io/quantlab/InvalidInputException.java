package io.quantlab;

/**
 * Input a user can fix: a form or API field out of range, an unknown name, malformed data.
 * The web layer turns it into a 400 with {@link #getMessage()} shown as is, so the message
 * must name the field and what is allowed.
 */
public class InvalidInputException extends RuntimeException {
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The offending field's name, or null when the input as a whole is bad. */
    public String field() {
        return field;
    }
}
