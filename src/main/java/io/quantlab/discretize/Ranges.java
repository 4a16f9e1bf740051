package io.quantlab.discretize;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantScheme;

/** The range the scale is computed from, [α, β], as {@link io.quantlab.quant.QuantParams#fromRange} forms it. */
final class Ranges {
    private Ranges() {
    }

    /** Widened to include 0; for symmetric schemes ±max(|min|, |max|). */
    static ClipRange scaled(ClipRange estimated, QuantScheme scheme) {
        float lo = Math.min(estimated.min(), 0f);
        float hi = Math.max(estimated.max(), 0f);
        if (scheme.isSymmetric()) {
            float bound = Math.max(-lo, hi);
            return new ClipRange(-bound, bound);
        }
        return new ClipRange(lo, hi);
    }
}
