package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/** Checks shared by every entry point of the core, so each bad input gets the same message. */
final class Inputs {
    private Inputs() {
    }

    /** Values to quantize or observe: at least one, all finite. */
    static void requireFiniteValues(float[] values, String field) {
        requireNonEmpty(values, field);
        requireFinite(values, field);
    }

    /**
     * Minimum and maximum of values that must be non-empty and finite, in one pass: a NaN or an
     * infinity shows up in the extremes, and only then is the array scanned again for its index.
     */
    static MinMax finiteMinMax(float[] values, String field) {
        requireNonEmpty(values, field);
        float min = values[0];
        float max = values[0];
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            requireFinite(values, field);
        }
        return new MinMax(min, max);
    }

    record MinMax(float min, float max) {
    }

    static void requireNonEmpty(float[] values, String field) {
        if (values == null || values.length == 0) {
            throw new InvalidInputException(field, field + " is empty; give at least 1 value");
        }
    }

    static void requireFinite(float[] values, String field) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidInputException(field,
                        field + "[" + i + "] is " + values[i] + "; all values must be finite numbers");
            }
        }
    }

    static void requireLength(float[] values, int expected, String field) {
        if (values == null || values.length != expected) {
            throw new InvalidInputException(field, field + " has " + (values == null ? 0 : values.length)
                    + " values; expected " + expected);
        }
    }

    static void requireInRange(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw new InvalidInputException(field,
                    field + " must be between " + min + " and " + max + ", got " + value);
        }
    }

    static void requirePositiveFinite(float value, String field) {
        if (!(value > 0) || !Float.isFinite(value)) {
            throw new InvalidInputException(field, field + " must be a finite number > 0, got " + value);
        }
    }
}
