package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads {@link DiscretizeSettings} from text fields (a query string, a form, scalar JSON fields).
 * A field left out (null) takes its default; a field sent empty is a mistake, not a wish for the
 * default, so it is refused like any other text that does not parse, with a message that names
 * the field and what is allowed. The pasted numbers are the one exception: they are only read for
 * the signal "custom", so the lab form may send its empty box along with any other signal.
 */
public final class SettingsFields {
    /** The field names of the API and the page, in the order a link lists them. */
    public static final List<String> NAMES = List.of("signal", "n", "seed", "bits", "scheme", "rounding", "range",
            "percentile", "values");
    private static final String BITS_ALLOWED = "widths between 1 and 16 separated by commas, e.g. 16,8,4,2";

    private SettingsFields() {
    }

    /** {@code given}: values already parsed (a JSON array, a streamed form), or null to read the {@code values} text field. */
    public static DiscretizeSettings parse(Function<String, String> field, float[] given) {
        DiscretizeSettings d = DiscretizeSettings.defaults();
        String valuesText = field.apply("values");
        String signalText = given(field, "signal", Named.choices(Signal.class));
        Signal signal = signalText != null ? Named.parse(Signal.class, "signal", signalText)
                : given != null || valuesText != null ? Signal.CUSTOM : d.signal();
        float[] values = null;
        if (signal == Signal.CUSTOM) {
            values = given != null ? given : valuesText != null ? PastedNumbers.parse(valuesText, "values") : null;
        }
        return new DiscretizeSettings(signal,
                whole(field, "n", d.n(), "between 1 and 1,000,000"),
                whole(field, "seed", (int) d.seed(), "between 0 and 2147483647"),
                bits(given(field, "bits", BITS_ALLOWED), d.bits()),
                choice(field, "scheme", SchemeOption.class, d.scheme()),
                choice(field, "rounding", RoundingOption.class, d.rounding()),
                choice(field, "range", RangeMethod.class, d.range()),
                number(field, "percentile", d.percentile()),
                values);
    }

    /** "16,8,4,2" (commas, spaces or semicolons); repeated widths count once, in the order given; null: the fallback. */
    public static List<Integer> bits(String text, List<Integer> fallback) {
        if (text == null) {
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
                throw new InvalidInputException("bits", "bits: " + InvalidInputException.quote(token)
                        + " is not a whole number; give " + BITS_ALLOWED);
            }
            if (b < 1 || b > 16) {
                throw new InvalidInputException("bits", "bits: each width must be between 1 and 16, got " + b);
            }
            widths.add(b);
        }
        if (widths.isEmpty()) {
            throw new InvalidInputException("bits", "bits: no width given; give " + BITS_ALLOWED);
        }
        return new ArrayList<>(widths);
    }

    private static <E extends Enum<E> & Named> E choice(Function<String, String> field, String name, Class<E> type,
            E fallback) {
        String text = given(field, name, Named.choices(type));
        return text == null ? fallback : Named.parse(type, name, text);
    }

    private static int whole(Function<String, String> field, String name, int fallback, String allowed) {
        String text = given(field, name, "a whole number " + allowed);
        if (text == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": a whole number " + allowed + ", got "
                    + InvalidInputException.quote(text.trim()));
        }
    }

    private static double number(Function<String, String> field, String name, double fallback) {
        String text = given(field, name, "a number in (50, 100]");
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(name, name + ": a number in (50, 100], got "
                    + InvalidInputException.quote(text.trim()));
        }
    }

    /** The field's text, or null when it was left out; sent empty, a 400 that says what to give. */
    private static String given(Function<String, String> field, String name, String allowed) {
        String text = field.apply(name);
        if (text != null && text.isBlank()) {
            throw new InvalidInputException(name, name + ": empty; give " + allowed);
        }
        return text;
    }
}
