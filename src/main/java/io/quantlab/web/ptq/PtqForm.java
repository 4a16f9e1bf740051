package io.quantlab.web.ptq;

import io.javalin.http.Context;
import io.quantlab.ptq.PtqConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PTQ form's fields, with the API's names. What was typed is turned into the API's JSON shape
 * (numbers and true/false where the text is one) for the service to check as it checks
 * {@code POST /api/experiments}, so both refuse a bad value with the same message; text that is
 * no number is handed on as text, for {@link PtqConfig#of} to name the field.
 */
final class PtqForm {
    static final List<String> FIELDS = List.copyOf(PtqConfig.defaults().fields().keySet());
    private static final List<String> TEXT_FIELDS = List.of("mode", "granularity", "weightScheme", "activationRange");

    private PtqForm() {
    }

    /** The defaults, as the form shows them. */
    static Map<String, String> defaults() {
        Map<String, String> values = new LinkedHashMap<>();
        PtqConfig.defaults().fields().forEach((field, value) -> values.put(field, String.valueOf(value)));
        return values;
    }

    /** What the form sent, as typed, field by field. */
    static Map<String, String> sent(Context ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = ctx.formParam(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }

    /** The API's fields for a quantization of {@code parent} with what was typed. */
    static Map<String, Object> fields(long parent, Map<String, String> values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("parent", parent);
        values.forEach((field, text) -> fields.put(field, TEXT_FIELDS.contains(field) ? text.trim() : typed(text)));
        return fields;
    }

    private static Object typed(String text) {
        String t = text.trim();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
        }
        try {
            return Double.valueOf(t);
        } catch (NumberFormatException notANumber) {
            return text;
        }
    }
}
