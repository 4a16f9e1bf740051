package io.quantlab.quant;

/**
 * One tensor through the whole pipeline, as the discretization lab shows it: estimate a range,
 * turn it into parameters, quantize with the chosen rounding, dequantize, measure.
 *
 * @param codes       the integer codes q
 * @param dequantized x̂ = (q - zeroPoint) * scale
 */
public record Discretization(ClipRange range, QuantParams params, int[] codes, float[] dequantized, ErrorMetrics metrics) {

    /** {@code seed} only matters for {@link Rounding#STOCHASTIC}; the same seed gives the same codes. */
    public static Discretization run(float[] values, QuantFormat format, RangeEstimator estimator, Rounding rounding, long seed) {
        ClipRange range = estimator.estimate(values, format);
        QuantParams params = QuantParams.fromRange(range, format);
        int[] codes = Quantizer.quantize(values, params, rounding, seed);
        return new Discretization(range, params, codes, Quantizer.dequantize(codes, params),
                ErrorMetrics.measure(values, params, rounding, seed));
    }
}
