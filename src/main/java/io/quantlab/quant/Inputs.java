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
