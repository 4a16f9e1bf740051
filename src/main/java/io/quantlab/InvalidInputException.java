package io.quantlab;

/**
 * Input a user can fix: a form or API field out of range, an unknown name, malformed data.
 * The web layer turns it into a 400 with {@link #getMessage()} shown as is, so the message
 * must name the field and what is allowed.
 */
public class InvalidInputException extends RuntimeException {
    /** How much of a user's value a message repeats: enough to recognize it, never a megabyte sent back. */
    static final int QUOTED_CHARS = 80;
    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field == null ? null : cut(field);
    }

    /** The one way a message repeats what a user sent: in single quotes, cut to 80 characters. */
    public static String quote(Object value) {
        return "'" + cut(String.valueOf(value)) + "'";
    }

    private static String cut(String text) {
        if (text.length() <= QUOTED_CHARS) {
            return text;
        }
        int end = QUOTED_CHARS - 1;
        return text.substring(0, Character.isHighSurrogate(text.charAt(end - 1)) ? end - 1 : end) + "…";
    }

    /** The offending field's name, or null when the input as a whole is bad. */
    public String field() {
        return field;
    }
}
