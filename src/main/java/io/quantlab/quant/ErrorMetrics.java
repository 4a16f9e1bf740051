package io.quantlab.quant;

import java.util.SplittableRandom;

/**
 * How far the quantized tensor is from the original, computed in float64 over the float32 values.
 *
 * @param mse          mean of (x - x̂)^2
 * @param maxAbsError  largest |x - x̂|
 * @param sqnrDb       10 log10(Σx² / Σ(x - x̂)²); +Infinity when the error is exactly zero
 * @param levelsUsed   number of distinct integer codes that occur
 * @param clippedShare fraction of values outside the grid, clamped to qmin or qmax
 */
public record ErrorMetrics(double mse, double maxAbsError, double sqnrDb, int levelsUsed, double clippedShare) {

    public static ErrorMetrics measure(float[] values, QuantParams params) {
        return measure(values, params, Rounding.HALF_TO_EVEN, 0L);
    }

    /** Quantizes with the given rounding (as {@link Quantizer}) and measures, without keeping the arrays. */
    public static ErrorMetrics measure(float[] values, QuantParams params, Rounding rounding, long seed) {
        Inputs.requireFiniteValues(values, "values");
        Totals totals = new Totals(params.qmin(), params.qmax());
        totals.add(values, 0, values.length, params, rounding, new SplittableRandom(seed));
        return totals.metrics(values.length);
    }

    /** Per-channel quantization; levelsUsed counts distinct codes over the whole tensor. */
    public static ErrorMetrics measure(float[] values, ChannelAxis axis, PerChannelParams params, Rounding rounding, long seed) {
        Inputs.requireFiniteValues(values, "values");
        params.requireMatches(axis);
        int outer = axis.outer(values.length);
        int qmin = Integer.MAX_VALUE;
        int qmax = Integer.MIN_VALUE;
        for (QuantParams p : params.channels()) {
            qmin = Math.min(qmin, p.qmin());
            qmax = Math.max(qmax, p.qmax());
        }
        Totals totals = new Totals(qmin, qmax);
        SplittableRandom random = new SplittableRandom(seed);
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < axis.channels(); c++) {
                int from = (o * axis.channels() + c) * axis.inner();
                totals.add(values, from, from + axis.inner(), params.channel(c), rounding, random);
            }
        }
        return totals.metrics(values.length);
    }

    /** Running sums of one measurement; the same quantization arithmetic as {@link Quantizer}. */
    private static final class Totals {
        private final int gridMin;
        private final boolean[] seen;
        private double signalEnergy;
        private double errorEnergy;
        private double maxAbsError;
        private int levels;
        private int clipped;

        Totals(int gridMin, int gridMax) {
            this.gridMin = gridMin;
            this.seen = new boolean[gridMax - gridMin + 1];
        }

        void add(float[] values, int from, int to, QuantParams params, Rounding rounding, SplittableRandom random) {
            float scale = params.scale();
            float inverse = 1.0f / scale;
            int zeroPoint = params.zeroPoint();
            double qmin = params.qmin();
            double qmax = params.qmax();
            for (int i = from; i < to; i++) {
                float x = values[i];
                double unclamped = (rounding == Rounding.HALF_TO_EVEN ? Math.rint(x * inverse) : rounding.round(x * inverse, random))
                        + zeroPoint;
                if (unclamped < qmin || unclamped > qmax) {
                    clipped++;
                }
                int q = (int) (unclamped < qmin ? qmin : Math.min(unclamped, qmax));
                float dequantized = (float) (q - zeroPoint) * scale;
                double error = (double) x - dequantized;
                signalEnergy += (double) x * x;
                errorEnergy += error * error;
                maxAbsError = Math.max(maxAbsError, Math.abs(error));
                if (!seen[q - gridMin]) {
                    seen[q - gridMin] = true;
                    levels++;
                }
            }
        }

        ErrorMetrics metrics(int count) {
            double sqnr = errorEnergy == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signalEnergy / errorEnergy);
            return new ErrorMetrics(errorEnergy / count, maxAbsError, sqnr, levels, (double) clipped / count);
        }
    }
}
