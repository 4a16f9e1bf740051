package io.quantlab.quant;

/**
 * Entropy calibration after TensorRT (Migacz 2017): histogram |x| into {@code bins} bins; for each
 * candidate threshold bin i, P is the histogram up to i with the clipped tail added to its last bin,
 * Q is the unclipped part merged into as many bins as the grid has levels for one sign and spread
 * back over P's non-empty bins; pick the i minimizing KL(P || Q).
 *
 * <p>Within a merged bin Q is constant, so KL(P||Q) = (Σ P ln P - Σ_j m_j ln Q_j) / N + ln(C_i / N)
 * with prefix sums; each candidate costs one logarithm per quantized bin, not per histogram bin.
 *
 * <p>When the clipped tail lands in a merged bin with no unclipped values, Q is 0 where P is not;
 * like MXNet's and TVM's calibrators we smooth Q there to {@link #SMOOTHING} counts instead of
 * declaring the divergence infinite, which would forbid clipping a lone outlier.
 */
final class KlRangeSearch {
    static final double SMOOTHING = 1e-4;

    private KlRangeSearch() {
    }

    static ClipRange search(float[] values, QuantFormat format, int bins) {
        Inputs.MinMax extremes = Inputs.finiteMinMax(values, "values");
        float min = extremes.min();
        float max = extremes.max();
        float maxAbs = Math.max(-min, max);
        boolean twoSided = min < 0 && max > 0;
        int levels = format.scheme().isSymmetric() || twoSided ? format.levels() / 2 : format.levels();
        if (maxAbs == 0 || levels >= bins) {
            return new ClipRange(min, max);
        }
        double toBin = bins / (double) maxAbs;
        double[] histogram = new double[bins];
        for (float v : values) {
            histogram[Math.min((int) (Math.abs(v) * toBin), bins - 1)]++;
        }
        int threshold = bestThresholdBin(histogram, Math.max(levels, 1), values.length);
        float bound = (float) (threshold * ((double) maxAbs / bins));
        return new ClipRange(Math.max(min, -bound), Math.min(max, bound));
    }

    /** The number of histogram bins to keep, i in [levels, bins]. */
    static int bestThresholdBin(double[] histogram, int levels, double total) {
        int bins = histogram.length;
        double[] cumulative = new double[bins + 1];
        double[] cumulativeXLogX = new double[bins + 1];
        int[] nonEmpty = new int[bins + 1];
        for (int k = 0; k < bins; k++) {
            cumulative[k + 1] = cumulative[k] + histogram[k];
            cumulativeXLogX[k + 1] = cumulativeXLogX[k] + xLogX(histogram[k]);
            nonEmpty[k + 1] = nonEmpty[k] + (histogram[k] > 0 ? 1 : 0);
        }
        int best = bins;
        double bestDivergence = Double.POSITIVE_INFINITY;
        for (int i = levels; i <= bins; i++) {
            double kept = cumulative[i];
            if (kept == 0) {
                continue;
            }
            double outliers = total - kept;
            double lastBin = histogram[i - 1] + outliers;
            double entropyTerm = cumulativeXLogX[i - 1] + xLogX(lastBin);
            double crossTerm = 0;
            for (int j = 0; j < levels; j++) {
                int start = (int) ((long) j * i / levels);
                int end = (int) ((long) (j + 1) * i / levels);
                double quantizedMass = cumulative[end] - cumulative[start];
                double mass = quantizedMass;
                int support = nonEmpty[end] - nonEmpty[start];
                if (end == i && outliers > 0) {
                    mass += outliers;
                    if (histogram[i - 1] == 0) {
                        support++;
                    }
                }
                if (mass == 0) {
                    continue;
                }
                double q = quantizedMass == 0 ? SMOOTHING : quantizedMass / support;
                crossTerm += mass * Math.log(q);
            }
            double divergence = (entropyTerm - crossTerm) / total + Math.log(kept / total);
            if (divergence < bestDivergence) {
                bestDivergence = divergence;
                best = i;
            }
        }
        return best;
    }

    private static double xLogX(double x) {
        return x > 0 ? x * Math.log(x) : 0;
    }
}
