package io.quantlab.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A lab's form whose fields carry the API's names. What was typed is turned into the API's JSON
 * shape (numbers and true/false where the text is one) for the service to check as it checks
 * {@code POST /api/experiments}, so both refuse a bad value with the same message; text that is
 * no number is handed on as text, for the config's {@code of} to name the field.
 *
 * @param defaults   the config's default fields, as its {@code fields()} gives them
 * @param textFields the fields that are choices by name, never read as numbers
 */
public record ApiForm(Map<String, Object> defaults, List<String> textFields) {

    /** The defaults, as the form shows them. */
    public Map<String, String> defaultValues() {
        Map<String, String> values = new LinkedHashMap<>();
        defaults.forEach((field, value) -> values.put(field, String.valueOf(value)));
        return values;
    }

    /** What the form sent, as typed, field by field. */
    public Map<String, String> sent(Context ctx) {
        return sent(ctx::formParam);
    }

    /** What a form sent as {@code param} reads it (a POST's body, a GET's query), field by field. */
    public Map<String, String> sent(Function<String, String> param) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : defaults.keySet()) {
            String value = param.apply(field);
            if (value != null) {
                values.put(field, value);
            }
        }
        return values;
    }

    /** The API's fields for an experiment of {@code parent} with what was typed. */
    public Map<String, Object> fields(long parent, Map<String, String> values) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("parent", parent);
        values.forEach((field, text) -> fields.put(field, textFields.contains(field) ? text.trim() : typed(text)));
        return fields;
    }

    /** Typed text as the API's JSON has it: true/false, a number, else the text. */
    public static Object typed(String text) {
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
