package io.quantlab.discretize;

import io.quantlab.InvalidInputException;
import java.util.List;

/**
 * One setup of the discretization lab: which samples, which bit widths, and how they are quantized.
 *
 * @param n          number of generated samples; for {@link Signal#CUSTOM} the number of given values
 * @param seed       seeds the signal and stochastic rounding
 * @param percentile used by {@link RangeMethod#PERCENTILE} and the outlier demo
 * @param values     the user's numbers for {@link Signal#CUSTOM}, else null
 */
public record DiscretizeSettings(Signal signal, int n, long seed, List<Integer> bits, SchemeOption scheme,
        RoundingOption rounding, RangeMethod range, double percentile, float[] values) {
    public static final int MAX_SAMPLES = 1_000_000;
    public static final int DEFAULT_SAMPLES = 10_000;
    public static final List<Integer> DEFAULT_BITS = List.of(16, 8, 4, 2);
    public static final double DEFAULT_PERCENTILE = 99.9;

    public DiscretizeSettings {
        if (signal == null || scheme == null || rounding == null || range == null || bits == null) {
            throw new IllegalArgumentException("every choice of the lab needs a value");
        }
        if (signal == Signal.CUSTOM) {
            if (values == null || values.length == 0) {
                throw new InvalidInputException("values", "values: give at least one number for signal=custom");
            }
            n = values.length;
        } else {
            values = null;
        }
        if (n < 1 || n > MAX_SAMPLES) {
            throw new InvalidInputException(signal == Signal.CUSTOM ? "values" : "n",
                    (signal == Signal.CUSTOM ? "values: " : "n: ") + "between 1 and 1,000,000 samples, got "
                            + String.format(java.util.Locale.ROOT, "%,d", n));
        }
        if (seed < 0) {
            throw new InvalidInputException("seed", "seed: a whole number between 0 and 2147483647, got " + seed);
        }
        if (bits.isEmpty()) {
            throw new InvalidInputException("bits", "bits: give at least one bit width between 1 and 16");
        }
        for (int b : bits) {
            if (b < 1 || b > 16) {
                throw new InvalidInputException("bits", "bits: each width must be between 1 and 16, got " + b);
            }
            scheme.format(b);
        }
        bits = List.copyOf(bits);
        if (!(percentile > 50 && percentile <= 100)) {
            throw new InvalidInputException("percentile", "percentile: must be in (50, 100], got " + percentile);
        }
    }

    public static DiscretizeSettings defaults() {
        return new DiscretizeSettings(Signal.GAUSSIAN, DEFAULT_SAMPLES, 0, DEFAULT_BITS, SchemeOption.ASYMMETRIC,
                RoundingOption.HALF_EVEN, RangeMethod.MINMAX, DEFAULT_PERCENTILE, null);
    }

    /** The samples to quantize: the user's values, or the signal generated from the seed. */
    public float[] samples() {
        return signal == Signal.CUSTOM ? values : signal.generate(n, seed);
    }
}
