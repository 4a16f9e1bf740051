package io.quantlab.quant;

/**
 * Grid search for the clipping range with the least expected squared quantization error.
 *
 * <p>The values are binned once (2048 bins); the error of a candidate grid is integrated over each
 * bin assuming values spread uniformly inside it (the same model as PyTorch's HistogramObserver),
 * which costs O(bins) per candidate instead of O(n). Nearest rounding is assumed.
 */
final class MseRangeSearch {
    static final int BINS = 2048;

    private MseRangeSearch() {
    }

    static ClipRange search(float[] values, QuantFormat format, int candidates) {
        Inputs.MinMax extremes = Inputs.finiteMinMax(values, "values");
        float min = extremes.min();
        float max = extremes.max();
        if (min == max) {
            return new ClipRange(min, max);
        }
        double binWidth = ((double) max - min) / BINS;
        double toBin = BINS / ((double) max - min);
        double[] counts = new double[BINS];
        for (float v : values) {
            counts[Math.min((int) ((v - (double) min) * toBin), BINS - 1)]++;
        }
        float lo;
        float hi;
        if (format.scheme().isSymmetric()) {
            hi = Math.max(-min, max);
            lo = -hi;
        } else {
            lo = Math.min(min, 0f);
            hi = Math.max(max, 0f);
        }
        // From the widest range down, so ties keep the range that clips least.
        ClipRange best = null;
        double bestError = Double.POSITIVE_INFINITY;
        for (int k = candidates; k >= 1; k--) {
            float shrink = (float) k / candidates;
            ClipRange candidate = new ClipRange(lo * shrink, hi * shrink);
            double error = expectedSquaredError(counts, min, binWidth, QuantParams.fromRange(candidate, format));
            if (error < bestError) {
                bestError = error;
                best = candidate;
            }
        }
        return best;
    }

    /** Sum over bins of count/width * ∫_bin (x - Q(x))^2 dx for the grid of {@code params}. */
    static double expectedSquaredError(double[] counts, double histogramMin, double binWidth, QuantParams params) {
        Grid grid = new Grid(params);
        double total = 0;
        double left = grid.antiderivative(histogramMin);
        for (int b = 0; b < counts.length; b++) {
            double right = grid.antiderivative(histogramMin + (b + 1) * binWidth);
            if (counts[b] != 0) {
                total += counts[b] / binWidth * (right - left);
            }
            left = right;
        }
        return total;
    }

    /** A uniform grid lo, lo+s, ..., hi with clamping outside, and the integral of its squared error. */
    private static final class Grid {
        private final double lo;
        private final double hi;
        private final double step;
        private final double cellIntegral;
        private final double insideIntegral;

        Grid(QuantParams params) {
            step = params.scale();
            lo = (double) (params.qmin() - params.zeroPoint()) * step;
            hi = (double) (params.qmax() - params.zeroPoint()) * step;
            // Over one cell [g, g+s] the distance to the nearest grid point integrates to s^3/12.
            cellIntegral = step * step * step / 12;
            insideIntegral = (params.qmax() - params.qmin()) * cellIntegral;
        }

        /** H(x) with H' = squared distance from x to its quantized value, H(lo) = 0. */
        double antiderivative(double x) {
            if (x <= lo) {
                double d = lo - x;
                return -d * d * d / 3;
            }
            if (x >= hi) {
                double d = x - hi;
                return insideIntegral + d * d * d / 3;
            }
            double cells = Math.floor((x - lo) / step);
            double u = x - lo - cells * step;
            double partial;
            if (u <= step / 2) {
                partial = u * u * u / 3;
            } else {
                double rest = step - u;
                partial = cellIntegral - rest * rest * rest / 3;
            }
            return cells * cellIntegral + partial;
        }
    }
}
