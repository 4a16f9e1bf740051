package io.quantlab.quant;

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

    public static ErrorMetrics measure(float[] values, QuantParams params, Rounding rounding, long seed) {
        int[] q = Quantizer.quantize(values, params, rounding, seed);
        float[] dequantized = Quantizer.dequantize(q, params);
        int clipped = Quantizer.clippedCount(values, params);
        return of(values, dequantized, q, params.qmin(), params.qmax(), clipped);
    }

    /** Per-channel quantization; levelsUsed counts distinct codes over the whole tensor. */
    public static ErrorMetrics measure(float[] values, ChannelAxis axis, PerChannelParams params, Rounding rounding, long seed) {
        int[] q = Quantizer.quantize(values, axis, params, rounding, seed);
        float[] dequantized = Quantizer.dequantize(q, axis, params);
        int clipped = 0;
        for (int i = 0; i < values.length; i++) {
            if (Quantizer.isClipped(values[i], params.channel(axis.channelOf(i)))) {
                clipped++;
            }
        }
        int qmin = params.channel(0).qmin();
        int qmax = params.channel(0).qmax();
        for (QuantParams p : params.channels()) {
            qmin = Math.min(qmin, p.qmin());
            qmax = Math.max(qmax, p.qmax());
        }
        return of(values, dequantized, q, qmin, qmax, clipped);
    }

    private static ErrorMetrics of(float[] values, float[] dequantized, int[] q, int qmin, int qmax, int clipped) {
        double signalEnergy = 0;
        double errorEnergy = 0;
        double maxAbsError = 0;
        boolean[] seen = new boolean[qmax - qmin + 1];
        int levels = 0;
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            double error = x - dequantized[i];
            signalEnergy += x * x;
            errorEnergy += error * error;
            maxAbsError = Math.max(maxAbsError, Math.abs(error));
            int code = q[i] - qmin;
            if (!seen[code]) {
                seen[code] = true;
                levels++;
            }
        }
        double sqnr = errorEnergy == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(signalEnergy / errorEnergy);
        return new ErrorMetrics(errorEnergy / values.length, maxAbsError, sqnr, levels, (double) clipped / values.length);
    }
}
