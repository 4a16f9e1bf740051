package io.quantlab.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.PastedNumbers;
import io.quantlab.discretize.SettingsFields;
import io.quantlab.discretize.Signal;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the lab's settings from the API: a query string, or a JSON object with the same names.
 * The object is read token by token as it arrives: its numbers go straight into a float array,
 * with no tree of a million nodes and no copy of the body.
 */
final class DiscretizeJson {
    private DiscretizeJson() {
    }

    /** Unknown names are refused: a typo should not silently fall back to a default. */
    static DiscretizeSettings fromQuery(Map<String, List<String>> query) {
        for (String name : query.keySet()) {
            requireKnown(name);
        }
        Map<String, String> fields = new HashMap<>();
        query.forEach((name, v) -> fields.put(name, String.join(",", v)));
        requireCustomSignalFor(fields.containsKey("values"), fields.get("signal"));
        return SettingsFields.parse(fields::get, null);
    }

    /**
     * As the query, plus {@code "values": [numbers]} (or a string of pasted numbers) and {@code "bits"} as a list;
     * null is a field left out.
     */
    static DiscretizeSettings fromJson(InputStream body) throws IOException {
        Map<String, String> fields = new HashMap<>();
        float[] values = null;
        try (JsonParser json = Json.MAPPER.createParser(body)) {
            JsonToken first = json.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidInputException(null, first == null ? "send a JSON object in the request body"
                        : "the request body must be a JSON object");
            }
            Set<String> seen = new HashSet<>();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                requireKnown(name);
                if (!seen.add(name)) {
                    throw new InvalidInputException(name, name + ": given twice");
                }
                JsonToken value = json.nextToken();
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (name.equals("values")) {
                    values = numbers(json, value);
                } else if (name.equals("bits") && value == JsonToken.START_ARRAY) {
                    fields.put(name, bits(json));
                } else if (value.isScalarValue()) {
                    fields.put(name, json.getText());
                } else {
                    throw new InvalidInputException(name, name + ": must be a single value, not an object or a list");
                }
            }
            if (json.nextToken() != null) {
                throw new InvalidInputException(null, "the request body must be one JSON object with nothing after it");
            }
        }
        requireCustomSignalFor(values != null, fields.get("signal"));
        return SettingsFields.parse(fields::get, values);
    }

    /** A list of numbers, or a string of pasted numbers. */
    private static float[] numbers(JsonParser json, JsonToken start) throws IOException {
        PastedNumbers pasted = new PastedNumbers("values");
        if (start == JsonToken.VALUE_STRING) {
            json.getText(pasted);
            return pasted.numbers();
        }
        if (start != JsonToken.START_ARRAY) {
            throw new InvalidInputException("values", "values: a list of numbers or a string of pasted numbers");
        }
        int index = 0;
        for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken(), index++) {
            if (!t.isNumeric()) {
                throw new InvalidInputException("values", "values[" + index + "]: must be a number, got "
                        + shown(json, t));
            }
            pasted.write(json.getTextCharacters(), json.getTextOffset(), json.getTextLength());
            pasted.write(' ');
        }
        return pasted.numbers();
    }

    /** The widths of a list as the text field takes them: "8,4". */
    private static String bits(JsonParser json) throws IOException {
        StringBuilder out = new StringBuilder();
        for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw new InvalidInputException("bits", "bits: a list of whole numbers between 1 and 16, got "
                        + shown(json, t));
            }
            out.append(out.length() == 0 ? "" : ",").append(json.getText());
        }
        return out.toString();
    }

    private static String shown(JsonParser json, JsonToken t) throws IOException {
        return t == JsonToken.START_ARRAY ? "a list" : t == JsonToken.START_OBJECT ? "an object"
                : InvalidInputException.quote(json.getText());
    }

    private static void requireCustomSignalFor(boolean valuesGiven, String signal) {
        if (valuesGiven && signal != null && !Signal.CUSTOM.label().equals(signal.trim())) {
            throw new InvalidInputException("values", "values: only with signal \"custom\" (or leave signal out), "
                    + "got signal " + InvalidInputException.quote(signal));
        }
    }

    private static void requireKnown(String name) {
        if (!SettingsFields.NAMES.contains(name)) {
            throw new InvalidInputException(name, InvalidInputException.quote(name) + ": unknown field; known fields are "
                    + SettingsFields.NAMES.stream().collect(Collectors.joining(", ")));
        }
    }
}
