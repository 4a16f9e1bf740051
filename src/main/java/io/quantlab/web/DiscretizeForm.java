package io.quantlab.web;

import io.quantlab.InvalidInputException;
import io.quantlab.discretize.Signal;
import io.quantlab.discretize.SettingsFields;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The lab page's fields as typed, so the form can be refilled and the setup written into a link. */
public record DiscretizeForm(Map<String, String> values) {
    /** Pasted numbers longer than this stay out of the link: servers refuse very long addresses. */
    static final int MAX_VALUES_IN_LINK = 2000;
    static final List<String> FIELDS;

    static {
        List<String> fields = new ArrayList<>(SettingsFields.NAMES);
        fields.add("plot");
        fields.add("number");
        FIELDS = List.copyOf(fields);
    }

    static DiscretizeForm read(Function<String, String> field) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : FIELDS) {
            String v = field.apply(name);
            if (v != null) {
                values.put(name, v);
            }
        }
        return new DiscretizeForm(values);
    }

    /** The text of a field, or "" when it was not sent. */
    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The field's value, or {@code fallback} when blank. */
    public String valueOr(String field, String fallback) {
        String v = value(field);
        return v.isBlank() ? fallback : v;
    }

    /** The bit width whose charts to draw; null: the lab's default. */
    Integer plotBits() {
        String text = value("plot").trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("plot", "plot: the bit width to draw, one of the compared widths; got "
                    + InvalidInputException.quote(text));
        }
    }

    /** The same fields with one replaced. */
    DiscretizeForm with(String field, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(field, value);
        return new DiscretizeForm(copy);
    }

    /** This setup as a GET link to the page; pasted numbers only while they are short. */
    public String link() {
        boolean custom = Signal.CUSTOM.label().equals(value("signal").trim());
        return "/labs/discretize?" + values.entrySet().stream()
                .filter(e -> !e.getValue().isBlank())
                .filter(e -> !e.getKey().equals("values") || custom && e.getValue().length() <= MAX_VALUES_IN_LINK)
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue().trim(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
