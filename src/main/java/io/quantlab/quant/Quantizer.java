package io.quantlab.quant;

import java.util.SplittableRandom;

/**
 * Quantize, dequantize and fake-quantize, per tensor and per channel, the way PyTorch 1.13's
 * quantize_per_tensor and fake_quantize_per_tensor_affine kernels do:
 * q = clamp(round(x * (1f / scale)) + zeroPoint, qmin, qmax) with the product in float32 and the
 * zero-point added after rounding; x̂ = (q - zeroPoint) * scale in float32.
 */
public final class Quantizer {
    private Quantizer() {
    }

    public static int[] quantize(float[] values, QuantParams params) {
        return quantize(values, params, Rounding.HALF_TO_EVEN, 0L);
    }

    /** {@code seed} makes {@link Rounding#STOCHASTIC} repeatable; other modes ignore it. */
    public static int[] quantize(float[] values, QuantParams params, Rounding rounding, long seed) {
        Inputs.requireFiniteValues(values, "values");
        int[] out = new int[values.length];
        quantizeInto(values, 0, values.length, params, rounding, new SplittableRandom(seed), out);
        return out;
    }

    public static float[] dequantize(int[] q, QuantParams params) {
        float[] out = new float[q.length];
        dequantizeInto(q, 0, q.length, params, out);
        return out;
    }

    /** Quantize then dequantize: the simulated value QAT and the discretization lab show. */
    public static float[] fakeQuantize(float[] values, QuantParams params) {
        return fakeQuantize(values, params, Rounding.HALF_TO_EVEN, 0L);
    }

    public static float[] fakeQuantize(float[] values, QuantParams params, Rounding rounding, long seed) {
        return dequantize(quantize(values, params, rounding, seed), params);
    }

    /**
     * Straight-through estimator: the upstream gradient passes where round(x / scale) + zeroPoint
     * lands inside [qmin, qmax] and is zero where the value was clipped (Bengio et al. 2013;
     * PyTorch's fake_quantize mask).
     */
    public static float[] steGradient(float[] values, QuantParams params, float[] upstream) {
        Inputs.requireFiniteValues(values, "values");
        Inputs.requireLength(upstream, values.length, "upstream");
        float[] out = new float[values.length];
        steInto(values, upstream, 0, values.length, params, out);
        return out;
    }

    /** True where a value lies outside the grid and is clipped (half-to-even rounding). */
    public static boolean isClipped(float value, QuantParams params) {
        double q = Math.rint(value * (1.0f / params.scale())) + params.zeroPoint();
        return q < params.qmin() || q > params.qmax();
    }

    public static int clippedCount(float[] values, QuantParams params) {
        float inverse = 1.0f / params.scale();
        int zeroPoint = params.zeroPoint();
        int count = 0;
        for (float v : values) {
            double q = Math.rint(v * inverse) + zeroPoint;
            if (q < params.qmin() || q > params.qmax()) {
                count++;
            }
        }
        return count;
    }

    // Per channel: the same kernels applied to each channel's slices.

    public static int[] quantize(float[] values, ChannelAxis axis, PerChannelParams params) {
        return quantize(values, axis, params, Rounding.HALF_TO_EVEN, 0L);
    }

    public static int[] quantize(float[] values, ChannelAxis axis, PerChannelParams params, Rounding rounding, long seed) {
        Inputs.requireFiniteValues(values, "values");
        params.requireMatches(axis);
        int outer = axis.outer(values.length);
        int inner = axis.inner();
        int[] out = new int[values.length];
        SplittableRandom random = new SplittableRandom(seed);
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < axis.channels(); c++) {
                int from = (o * axis.channels() + c) * inner;
                quantizeInto(values, from, from + inner, params.channel(c), rounding, random, out);
            }
        }
        return out;
    }

    public static float[] dequantize(int[] q, ChannelAxis axis, PerChannelParams params) {
        params.requireMatches(axis);
        int outer = axis.outer(q.length);
        int inner = axis.inner();
        float[] out = new float[q.length];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < axis.channels(); c++) {
                int from = (o * axis.channels() + c) * inner;
                dequantizeInto(q, from, from + inner, params.channel(c), out);
            }
        }
        return out;
    }

    public static float[] fakeQuantize(float[] values, ChannelAxis axis, PerChannelParams params) {
        return dequantize(quantize(values, axis, params), axis, params);
    }

    public static float[] fakeQuantize(float[] values, ChannelAxis axis, PerChannelParams params, Rounding rounding, long seed) {
        return dequantize(quantize(values, axis, params, rounding, seed), axis, params);
    }

    public static float[] steGradient(float[] values, ChannelAxis axis, PerChannelParams params, float[] upstream) {
        Inputs.requireFiniteValues(values, "values");
        Inputs.requireLength(upstream, values.length, "upstream");
        params.requireMatches(axis);
        int outer = axis.outer(values.length);
        int inner = axis.inner();
        float[] out = new float[values.length];
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < axis.channels(); c++) {
                int from = (o * axis.channels() + c) * inner;
                steInto(values, upstream, from, from + inner, params.channel(c), out);
            }
        }
        return out;
    }

    static void quantizeInto(float[] values, int from, int to, QuantParams params, Rounding rounding,
                             SplittableRandom random, int[] out) {
        // 1f / scale in float32 then a float32 product, as the PyTorch kernels; x / scale can differ in the last bit.
        float inverse = 1.0f / params.scale();
        double zeroPoint = params.zeroPoint();
        double qmin = params.qmin();
        double qmax = params.qmax();
        if (rounding == Rounding.HALF_TO_EVEN) {
            for (int i = from; i < to; i++) {
                double q = Math.rint(values[i] * inverse) + zeroPoint;
                out[i] = (int) (q < qmin ? qmin : Math.min(q, qmax));
            }
        } else {
            for (int i = from; i < to; i++) {
                double q = rounding.round(values[i] * inverse, random) + zeroPoint;
                out[i] = (int) (q < qmin ? qmin : Math.min(q, qmax));
            }
        }
    }

    static void dequantizeInto(int[] q, int from, int to, QuantParams params, float[] out) {
        float scale = params.scale();
        int zeroPoint = params.zeroPoint();
        for (int i = from; i < to; i++) {
            // (q - zp) * scale, fused as PyTorch's dequantize; q*scale - zp*scale differs in the last bit.
            out[i] = (float) (q[i] - zeroPoint) * scale;
        }
    }

    private static void steInto(float[] values, float[] upstream, int from, int to, QuantParams params, float[] out) {
        float inverse = 1.0f / params.scale();
        double zeroPoint = params.zeroPoint();
        for (int i = from; i < to; i++) {
            double q = Math.rint(values[i] * inverse) + zeroPoint;
            out[i] = q >= params.qmin() && q <= params.qmax() ? upstream[i] : 0f;
        }
    }
}
