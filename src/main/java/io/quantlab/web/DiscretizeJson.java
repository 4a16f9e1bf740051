package io.quantlab.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.InvalidInputException;
import io.quantlab.discretize.DiscretizeSettings;
import io.quantlab.discretize.PastedNumbers;
import io.quantlab.discretize.SettingsFields;
import io.quantlab.discretize.Signal;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads the lab's settings from the API: a query string or a JSON object with the same names. */
final class DiscretizeJson {
    private DiscretizeJson() {
    }

    /** Unknown names are refused: a typo should not silently fall back to a default. */
    static DiscretizeSettings fromQuery(Map<String, java.util.List<String>> query) {
        for (String name : query.keySet()) {
            requireKnown(name);
        }
        return SettingsFields.parse(name -> {
            java.util.List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : String.join(",", v);
        }, null);
    }

    /** As the query, plus {@code "values": [numbers]} (or a string of pasted numbers) and {@code "bits"} as a list. */
    static DiscretizeSettings fromJson(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            requireKnown(names.next());
        }
        JsonNode values = body.get("values");
        float[] given = values != null && values.isArray() ? numbers(values) : null;
        JsonNode signal = body.get("signal");
        if (given != null && signal != null && !signal.isNull() && !Signal.CUSTOM.label().equals(signal.asText())) {
            throw new InvalidInputException("values", "values: only with signal \"custom\" (or leave signal out), "
                    + "got signal \"" + signal.asText() + "\"");
        }
        return SettingsFields.parse(name -> text(body, name), given);
    }

    private static String text(JsonNode body, String name) {
        JsonNode node = body.get(name);
        if (node == null || node.isNull() || name.equals("values") && node.isArray()) {
            return null;
        }
        if (name.equals("bits") && node.isArray()) {
            StringBuilder out = new StringBuilder();
            for (JsonNode b : node) {
                if (!b.isIntegralNumber()) {
                    throw new InvalidInputException("bits", "bits: a list of whole numbers between 1 and 16, got " + b);
                }
                out.append(out.length() == 0 ? "" : ",").append(b.asText());
            }
            return out.toString();
        }
        if (node.isContainerNode()) {
            throw new InvalidInputException(name, name + ": must be a single value, not an object or a list");
        }
        return node.asText();
    }

    private static float[] numbers(JsonNode array) {
        if (array.size() > DiscretizeSettings.MAX_SAMPLES) {
            throw new InvalidInputException("values", "values: at most 1,000,000 numbers, got "
                    + String.format(java.util.Locale.ROOT, "%,d", array.size()));
        }
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            if (!v.isNumber()) {
                throw new InvalidInputException("values", "values[" + i + "]: must be a number, got " + v);
            }
            out[i] = PastedNumbers.toFloat(v.asText(), i, "values");
        }
        return out;
    }

    private static void requireKnown(String name) {
        if (!SettingsFields.NAMES.contains(name)) {
            throw new InvalidInputException(name, name + ": unknown field; known fields are "
                    + SettingsFields.NAMES.stream().collect(Collectors.joining(", ")));
        }
    }
}
