package io.quantlab.web;

import java.util.Map;

/**
 * A lab's form as a page shows it: what was typed (or the defaults) field by field, and the
 * message of the one field that needs fixing ({@code errorField}, the API's name), shown next to it.
 */
public interface FilledForm {

    Map<String, String> values();

    String error();

    String errorField();

    default String value(String field) {
        return values().getOrDefault(field, "");
    }

    default boolean selected(String field, String option) {
        return option.equals(value(field));
    }

    /** The bad field's message, shown next to it, or null for any other field. */
    default String errorFor(String field) {
        return field.equals(errorField()) ? error() : null;
    }

    default String invalid(String field) {
        return errorFor(field) == null ? "" : "invalid";
    }
}
