package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@link DiscretizeSettings} from text fields (a query string, a form, scalar JSON fields).
 * A missing or blank field takes its default; anything else must parse, or the message names the
 * field and what is allowed.
 */
public final class SettingsFields {
    /** The field names of the API and the page, in the order a link lists them. */
    public static final List<String> NAMES = List.of("signal", "n", "seed", "bits", "scheme", "rounding", "range",
            "percentile", "values");

    private SettingsFields() {
    }

    /** {@code given}: values already parsed (a JSON array), or null to read the {@code values} text field. */
    public static DiscretizeSettings parse(Function<String, String> field, float[] given) {
        DiscretizeSettings d = DiscretizeSettings.defaults();
        String valuesText = blankToNull(field.apply("values"));
        String signalText = blankToNull(field.apply("signal"));
        Signal signal = signalText != null ? Named.parse(Signal.class, "signal", signalText)
                : given != null || valuesText != null ? Signal.CUSTOM : d.signal();
        float[] values = null;
        if (signal == Signal.CUSTOM) {
            values = given != null ? given : valuesText != null ? PastedNumbers.parse(valuesText, "values") : null;
        }
        return new DiscretizeSettings(signal,
                whole(field, "n", d.n(), "between 1 and 1,000,000"),
                whole(field, "seed", (int) d.seed(), "between 0 and 2147483647"),
                bits(field.apply("bits"), d.bits()),
                choice(field, "scheme", SchemeOption.class, d.scheme()),
                choice(field, "rounding", RoundingOption.class, d.rounding()),
                choice(field, "range", RangeMethod.class, d.range()),
                number(field, "percentile", d.percentile()),
                values);
    }

    /** "16,8,4,2" (commas, spaces or semicolons); repeated widths count once, in the order given. */
    public static List<Integer> bits(String text, List<Integer> fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Set<Integer> widths = new LinkedHashSet<>();
        for (String token : text.trim().split("[,;\\s]+")) {
            if (token.isEmpty()) {
                continue;
            }
            int b;
            try {
                b = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new InvalidInputException("bits", "bits: '" + token + "' is not a whole number; give widths "
                        + "between 1 and 16 separated by commas, e.g. 16,8,4,2");
            }
            if (b < 1 || b > 16) {
                throw new InvalidInputException("bits", "bits: each width must be between 1 and 16, got " + b);
            }
            widths.add(b);
        }
        if (widths.isEmpty()) {
            return fallback;
        }
        return new ArrayList<>(widths);
    }

    private static <E extends Enum<E> & Named> E choice(Function<String, String> field, String name, Class<E> type,
            E fallback) {
        String text = blankToNull(field.apply(name));
        return text == null ? fallback : Named.parse(type, name, text);
    }

    private static int whole(Function<String, String> field, String name, int fallback, String allowed) {
        String text = blankToNull(field.apply(name));
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": a whole number " + allowed + ", got '" + text.trim() + "'");
        }
    }

    private static double number(Function<String, String> field, String name, double fallback) {
        String text = blankToNull(field.apply(name));
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": a number in (50, 100], got '" + text.trim() + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
