package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/** The real interval [min, max] a range estimator chose; values outside are clipped. */
public record ClipRange(float min, float max) {
    public ClipRange {
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            throw new InvalidInputException("range", "range bounds must be finite, got [" + min + ", " + max + "]");
        }
        if (min > max) {
            throw new InvalidInputException("range", "range min must be <= max, got [" + min + ", " + max + "]");
        }
    }

    public float width() {
        return max - min;
    }

    /** Largest magnitude in the range, the quantity symmetric schemes scale to. */
    public float maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }
}
