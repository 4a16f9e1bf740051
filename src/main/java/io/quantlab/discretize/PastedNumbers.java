package io.quantlab.discretize;

import io.quantlab.InvalidInputException;

/** Numbers a user pasted: separated by spaces, new lines, commas or semicolons; each must fit in float32. */
public final class PastedNumbers {
    private PastedNumbers() {
    }

    public static float[] parse(String text, String field) {
        float[] out = new float[64];
        int count = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && isSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !isSeparator(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            if (count == DiscretizeSettings.MAX_SAMPLES) {
                throw new InvalidInputException(field, field + ": at most 1,000,000 numbers; there are more");
            }
            if (count == out.length) {
                out = java.util.Arrays.copyOf(out, Math.min(out.length * 2, DiscretizeSettings.MAX_SAMPLES));
            }
            out[count] = toFloat(text.substring(start, i), count, field);
            count++;
        }
        if (count == 0) {
            throw new InvalidInputException(field, field + ": paste at least one number");
        }
        return java.util.Arrays.copyOf(out, count);
    }

    /** The float32 nearest to {@code token}, the {@code index}-th number (0-based) of {@code field}. */
    public static float toFloat(String token, int index, String field) {
        double value;
        try {
            // parseDouble also reads "NaN", "Infinity" and hex; those are refused below or are fine.
            value = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + ": number " + (index + 1) + " ('" + shorten(token)
                    + "') is not a number; separate numbers with spaces, commas or new lines");
        }
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw new InvalidInputException(field, field + ": number " + (index + 1) + " ('" + shorten(token)
                    + "') is not a finite float32; allowed are finite numbers up to ±3.4028235e38");
        }
        return f;
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || Character.isWhitespace(c);
    }

    private static String shorten(String token) {
        return token.length() <= 40 ? token : token.substring(0, 37) + "…";
    }
}
