package io.quantlab.quant;

import java.util.SplittableRandom;

/** How x / scale becomes an integer before the zero-point is added. */
public enum Rounding {
    /** Round half to even (C nearbyint in the default mode), what PyTorch and ONNX Runtime do. */
    HALF_TO_EVEN,
    /** Round half away from zero (C round), the textbook rule: 2.5 → 3, -2.5 → -3. */
    HALF_AWAY_FROM_ZERO,
    /** Round toward minus infinity: a biased rounding, shown to make the bias visible. */
    FLOOR,
    /**
     * floor(v + u) with u uniform in [0, 1): rounds up with probability frac(v), so the expected
     * value is v (unbiased; Gupta et al. 2015, "Deep learning with limited numerical precision").
     */
    STOCHASTIC;

    /** Rounds one value; {@code random} is only read in {@link #STOCHASTIC} mode. */
    public double round(double v, SplittableRandom random) {
        return switch (this) {
            case HALF_TO_EVEN -> Math.rint(v);
            case HALF_AWAY_FROM_ZERO -> Math.copySign(Math.floor(Math.abs(v) + 0.5), v);
            case FLOOR -> Math.floor(v);
            case STOCHASTIC -> Math.floor(v + random.nextDouble());
        };
    }
}
