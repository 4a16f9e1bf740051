package io.quantlab.model;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One option a zoo model takes (e.g. resnet-mini's {@code width}): its name, allowed values and
 * default. Values arrive from JSON or a form, so a number may come as a string and a list as
 * {@code "256,128"}; {@link #parse} accepts those and says what is allowed otherwise.
 */
public sealed interface ModelOption {

    String name();

    /** What it changes, for the form and the Models page. */
    String meaning();

    /** Allowed values in words, e.g. "8–64". */
    String range();

    /** The default as text, e.g. "16" or "[256]". */
    String defaultText();

    /** The typed value of {@code raw} (null = the default). */
    Object parse(String model, Object raw);

    /** A whole number from {@code min} to {@code max}. */
    record Whole(String name, int min, int max, int defaultValue, String meaning) implements ModelOption {
        @Override
        public String range() {
            return min + "–" + max;
        }

        @Override
        public String defaultText() {
            return Integer.toString(defaultValue);
        }

        @Override
        public Integer parse(String model, Object raw) {
            if (raw == null) {
                return defaultValue;
            }
            Integer value = wholeNumber(raw);
            if (value == null || value < min || value > max) {
                throw outOfRange(model, this, "a whole number from " + min + " to " + max, raw);
            }
            return value;
        }
    }

    /** A decimal number from {@code min} to {@code max}. */
    record Decimal(String name, double min, double max, double defaultValue, String meaning) implements ModelOption {
        @Override
        public String range() {
            return min + "–" + max;
        }

        @Override
        public String defaultText() {
            return Double.toString(defaultValue);
        }

        @Override
        public Double parse(String model, Object raw) {
            if (raw == null) {
                return defaultValue;
            }
            Double value = number(raw);
            if (value == null || !(value >= min && value <= max)) {
                throw outOfRange(model, this, "a number from " + min + " to " + max, raw);
            }
            return value;
        }
    }

    /** A list of {@code minLength}–{@code maxLength} whole numbers, each from {@code min} to {@code max}. */
    record WholeList(String name, int minLength, int maxLength, int min, int max, List<Integer> defaultValue,
                     String meaning) implements ModelOption {
        private static final Pattern SEPARATORS = Pattern.compile("[,;\\s]+");

        public WholeList {
            defaultValue = List.copyOf(defaultValue);
        }

        @Override
        public String range() {
            return minLength + "–" + maxLength + " values, each " + min + "–" + max;
        }

        @Override
        public String defaultText() {
            return defaultValue.toString();
        }

        @Override
        public List<Integer> parse(String model, Object raw) {
            if (raw == null) {
                return defaultValue;
            }
            List<Object> items = new ArrayList<>();
            if (raw instanceof Collection<?> list) {
                items.addAll(list);
            } else if (raw instanceof CharSequence text) {
                String trimmed = text.toString().strip().replaceAll("^\\[|]$", "").strip();
                if (!trimmed.isEmpty()) {
                    items.addAll(List.of(SEPARATORS.split(trimmed)));
                }
            } else {
                items.add(raw);
            }
            List<Integer> values = new ArrayList<>();
            for (Object item : items) {
                Integer value = wholeNumber(item);
                if (value == null || value < min || value > max) {
                    throw outOfRange(model, this, range(), raw);
                }
                values.add(value);
            }
            if (values.size() < minLength || values.size() > maxLength) {
                throw outOfRange(model, this, range(), raw);
            }
            return List.copyOf(values);
        }
    }

    /**
     * Checks {@code given} against {@code declared} and fills in defaults.
     *
     * @throws InvalidInputException (field "modelOptions") for an unknown option or a value out of range
     */
    static Values resolve(String model, List<ModelOption> declared, Map<String, Object> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Object> rest = given == null ? new LinkedHashMap<>() : new LinkedHashMap<>(given);
        for (ModelOption option : declared) {
            values.put(option.name(), option.parse(model, rest.remove(option.name())));
        }
        if (!rest.isEmpty()) {
            String known = declared.isEmpty() ? "it takes no options"
                    : "its options are " + String.join(", ", declared.stream()
                            .map(o -> o.name() + " (" + o.range() + ", default " + o.defaultText() + ")").toList());
            throw new InvalidInputException("modelOptions", "Model " + model + " has no option '"
                    + rest.keySet().iterator().next() + "'; " + known + ".");
        }
        return new Values(values);
    }

    /** Resolved option values of one model, defaults filled in. */
    record Values(Map<String, Object> values) {
        int whole(String name) {
            return (Integer) values.get(name);
        }

        double decimal(String name) {
            return (Double) values.get(name);
        }

        @SuppressWarnings("unchecked")
        List<Integer> wholes(String name) {
            return (List<Integer>) values.get(name);
        }
    }

    private static Integer wholeNumber(Object raw) {
        Double value = number(raw);
        if (value == null || value != Math.rint(value) || Math.abs(value) > Integer.MAX_VALUE) {
            return null;
        }
        return value.intValue();
    }

    private static Double number(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof CharSequence text) {
            try {
                return Double.parseDouble(text.toString().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static InvalidInputException outOfRange(String model, ModelOption option, String allowed, Object raw) {
        return new InvalidInputException("modelOptions", "Option " + option.name() + " of model " + model
                + " must be " + allowed + "; got " + (raw instanceof CharSequence ? InvalidInputException.quote(raw) : raw) + ".");
    }
}
