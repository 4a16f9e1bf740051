package io.quantlab;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads one field of a posted JSON object (as a map of Jackson's plain values) by its API name: a
 * missing field takes the given default, a value of the wrong type is an
 * {@link InvalidInputException} naming the field. Enum constants are spelled as the API spells
 * them: lower case with dashes ({@code PER_CHANNEL} is {@code "per-channel"}).
 */
public final class JsonFields {

    private JsonFields() {}

    public static String text(Map<String, ?> fields, String field) {
        Object value = fields.get(field);
        return value instanceof String s ? s : String.valueOf(value);
    }

    public static int whole(Map<String, ?> fields, String field, int fallback) {
        double value = number(fields, field, fallback);
        if (value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            throw new InvalidInputException(field, field + " must be a whole number, got " + fields.get(field));
        }
        return (int) value;
    }

    public static double number(Map<String, ?> fields, String field, double fallback) {
        if (!fields.containsKey(field)) {
            return fallback;
        }
        if (fields.get(field) instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        throw new InvalidInputException(field, field + " must be a number, got "
                + InvalidInputException.quote(fields.get(field)));
    }

    public static boolean flag(Map<String, ?> fields, String field, boolean fallback) {
        if (!fields.containsKey(field)) {
            return fallback;
        }
        if (fields.get(field) instanceof Boolean b) {
            return b;
        }
        throw new InvalidInputException(field, field + " must be true or false, got "
                + InvalidInputException.quote(fields.get(field)));
    }

    /** The constant of {@code type} whose API name is the field's value, or {@code fallback} when the field is missing. */
    public static <E extends Enum<E>> E choice(Map<String, ?> fields, String field, Class<E> type, E fallback) {
        return fields.containsKey(field) ? byName(type, field, text(fields, field)) : fallback;
    }

    /** The API's spelling of an enum constant: lower case, dashes. */
    public static String apiName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant of {@code type} whose API name is {@code value}; else an error naming {@code field} and the choices. */
    public static <E extends Enum<E>> E byName(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (apiName(constant).equals(value)) {
                return constant;
            }
        }
        throw new InvalidInputException(field, field + " must be one of " + names(type) + ", got "
                + InvalidInputException.quote(value));
    }

    /** The API names of {@code type}'s constants, comma separated. */
    public static String names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(JsonFields::apiName).collect(Collectors.joining(", "));
    }

    /** @throws InvalidInputException naming {@code field} with {@code message} unless {@code condition} holds */
    public static void require(boolean condition, String field, String message) {
        if (!condition) {
            throw new InvalidInputException(field, message);
        }
    }
}
