package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** A choice the page and the API name with a stable lower-case word, e.g. {@code half-even}. */
public interface Named {
    /** Its label and title. */
    Names names();

    /** The stable name used in URLs, forms and JSON. */
    default String label() {
        return names().label();
    }

    /** What the page shows in a drop-down. */
    default String title() {
        return names().title();
    }

    /** A choice's stable lower-case word and what a drop-down shows for it. */
    record Names(String label, String title) {}

    /** The constant called {@code text}, or a message that names the field and lists the choices. */
    static <E extends Enum<E> & Named> E parse(Class<E> type, String field, String text) {
        String wanted = text.trim().toLowerCase(java.util.Locale.ROOT);
        for (E choice : type.getEnumConstants()) {
            if (choice.label().equals(wanted)) {
                return choice;
            }
        }
        throw new InvalidInputException(field, field + ": unknown " + InvalidInputException.quote(text.trim())
                + "; choose " + choices(type));
    }

    /** "one of a, b, c": the labels a field of this type takes. */
    static <E extends Enum<E> & Named> String choices(Class<E> type) {
        return "one of " + Arrays.stream(type.getEnumConstants()).map(Named::label).collect(Collectors.joining(", "));
    }
}
