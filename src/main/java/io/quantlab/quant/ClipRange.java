package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

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

    /** One range per channel from the channels' minima and maxima. */
    static List<ClipRange> perChannel(float[] mins, float[] maxs) {
        List<ClipRange> ranges = new ArrayList<>(mins.length);
        for (int c = 0; c < mins.length; c++) {
            ranges.add(new ClipRange(mins[c], maxs[c]));
        }
        return ranges;
    }

    public float width() {
        return max - min;
    }

    /** Largest magnitude in the range, the quantity symmetric schemes scale to. */
    public float maxAbs() {
        return Math.max(Math.abs(min), Math.abs(max));
    }
}
