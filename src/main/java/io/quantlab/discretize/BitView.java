package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * A number the user typed, as float32 (the nearest one) and rounded on to FP16 and BF16.
 *
 * @param input the text as typed
 */
public record BitView(String input, FloatEncoding fp32, FloatEncoding fp16, FloatEncoding bf16) {
    public static final String DEFAULT_NUMBER = "0.1";

    public static BitView of(String input) {
        String text = input == null || input.isBlank() ? DEFAULT_NUMBER : input.trim();
        float f = parse(text);
        return new BitView(text,
                FloatEncoding.of("FP32", Float.floatToRawIntBits(f) & 0xFFFFFFFFL, 8, 23),
                FloatEncoding.of("FP16", FloatBits.toFp16(f), 5, 10),
                FloatEncoding.of("BF16", FloatBits.toBf16(f), 8, 7));
    }

    public List<FloatEncoding> encodings() {
        return List.of(fp32, fp16, bf16);
    }

    /** |rounded − fp32| / |fp32|, or NaN when undefined. */
    public double relativeError(FloatEncoding rounded) {
        double reference = fp32.value();
        if (!Double.isFinite(reference) || !Double.isFinite(rounded.value()) || reference == 0) {
            return Double.NaN;
        }
        return Math.abs(rounded.value() - reference) / Math.abs(reference);
    }

    private static float parse(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('−', '-');
        switch (t) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Float.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Float.NEGATIVE_INFINITY;
            }
            case "nan" -> {
                return Float.NaN;
            }
            default -> {
            }
        }
        try {
            if (t.endsWith("d") || t.endsWith("f")) {
                throw new NumberFormatException();
            }
            return (float) Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("number", "number: " + InvalidInputException.quote(text) + " is not a number; type a decimal such as −2.5, 0.1 or 1e-8 (or inf, nan)");
        }
    }
}
