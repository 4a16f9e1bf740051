package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Arrays;

/**
 * Numbers a user pasted: separated by spaces, new lines, commas or semicolons; each must fit in
 * float32. The text is read as it arrives, a chunk at a time, straight into a float array: a
 * million pasted numbers never sit in memory as one string.
 */
public final class PastedNumbers extends Writer {
    /** Longer than any decimal a float32 needs; a longer token is refused before it fills memory. */
    private static final int LONGEST_TOKEN = 1000;
    private final String field;
    private final StringBuilder token = new StringBuilder();
    private float[] numbers = new float[64];
    private int count;

    /** An empty reader of numbers for {@code field}; write text into it, then call {@link #numbers()}. */
    public PastedNumbers(String field) {
        this.field = field;
    }

    public static float[] parse(String text, String field) {
        PastedNumbers pasted = new PastedNumbers(field);
        pasted.write(text, 0, text.length());
        return pasted.numbers();
    }

    /** Reads {@code text} to its end. */
    public static float[] read(Reader text, String field) throws IOException {
        PastedNumbers pasted = new PastedNumbers(field);
        text.transferTo(pasted);
        return pasted.numbers();
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            accept(text.charAt(i));
        }
    }

    /** The numbers written so far, the last one included. */
    public float[] numbers() {
        endToken();
        if (count == 0) {
            throw new InvalidInputException(field, field + ": paste at least one number");
        }
        return Arrays.copyOf(numbers, count);
    }

    private void accept(char c) {
        if (isSeparator(c)) {
            endToken();
        } else if (token.length() == LONGEST_TOKEN) {
            throw notANumber(field, token + "…", count);
        } else {
            token.append(c);
        }
    }

    private void endToken() {
        if (token.length() == 0) {
            return;
        }
        if (count == DiscretizeSettings.MAX_SAMPLES) {
            throw new InvalidInputException(field, field + ": at most 1,000,000 numbers; there are more");
        }
        if (count == numbers.length) {
            numbers = Arrays.copyOf(numbers, Math.min(numbers.length * 2, DiscretizeSettings.MAX_SAMPLES));
        }
        numbers[count] = toFloat(token.toString(), count, field);
        count++;
        token.setLength(0);
    }

    /** The float32 nearest to {@code token}, the {@code index}-th number (0-based) of {@code field}. */
    public static float toFloat(String token, int index, String field) {
        double value;
        try {
            // parseDouble also reads "NaN", "Infinity" and hex; those are refused below or are fine.
            value = Double.parseDouble(token);
        } catch (NumberFormatException e) {
            throw notANumber(field, token, index);
        }
        float f = (float) value;
        if (!Float.isFinite(f)) {
            throw new InvalidInputException(field, field + ": number " + (index + 1) + " ("
                    + InvalidInputException.quote(token) + ") is not a finite float32; allowed are finite numbers "
                    + "up to ±3.4028235e38");
        }
        return f;
    }

    private static InvalidInputException notANumber(String field, String text, int index) {
        return new InvalidInputException(field, field + ": number " + (index + 1) + " ("
                + InvalidInputException.quote(text) + ") is not a number; separate numbers with spaces, commas or "
                + "new lines");
    }

    private static boolean isSeparator(char c) {
        return c == ',' || c == ';' || Character.isWhitespace(c);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
