package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * A fully connected layer in integer arithmetic, the way integer kernels run it (Jacob et al. 2018,
 * "Quantization and Training of Neural Networks for Efficient Integer-Arithmetic-Only Inference",
 * eq. 7): acc = Σ (x_q - z_x)(w_q - z_w) in int32, then
 * y_q = clamp(rint(acc * s_x s_w / s_y + bias / s_y) + z_y) with the requantization in float64.
 */
public final class IntegerLinear {
    private IntegerLinear() {
    }

    /**
     * @param accumulators int32 sums, batch x out
     * @param output       quantized outputs, batch x out
     * @param dequantized  (output - z_y) * s_y
     */
    public record Result(int[] accumulators, int[] output, float[] dequantized) {
    }

    /**
     * @param x      quantized input, batch x inFeatures (row-major)
     * @param weight quantized weight, outFeatures x inFeatures
     * @param bias   float bias per output, or null
     */
    public static Result forward(int[] x, QuantParams input, int[] weight, QuantParams weightParams,
                                 float[] bias, QuantParams output, int inFeatures) {
        if (inFeatures < 1 || x.length % inFeatures != 0 || weight.length % inFeatures != 0) {
            throw new InvalidInputException("inFeatures", "inFeatures " + inFeatures + " must divide the input ("
                    + x.length + " values) and the weight (" + weight.length + " values)");
        }
        int batch = x.length / inFeatures;
        int outFeatures = weight.length / inFeatures;
        if (bias != null) {
            Inputs.requireLength(bias, outFeatures, "bias");
            Inputs.requireFinite(bias, "bias");
        }
        double multiplier = (double) input.scale() * weightParams.scale() / output.scale();
        int[] accumulators = new int[batch * outFeatures];
        int[] out = new int[batch * outFeatures];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < outFeatures; o++) {
                int acc = 0;
                for (int k = 0; k < inFeatures; k++) {
                    acc += (x[n * inFeatures + k] - input.zeroPoint()) * (weight[o * inFeatures + k] - weightParams.zeroPoint());
                }
                accumulators[n * outFeatures + o] = acc;
                double biasTerm = bias == null ? 0 : (double) bias[o] / output.scale();
                double q = Math.rint(acc * multiplier + biasTerm) + output.zeroPoint();
                out[n * outFeatures + o] = (int) Math.max(output.qmin(), Math.min(output.qmax(), q));
            }
        }
        return new Result(accumulators, out, Quantizer.dequantize(out, output));
    }
}
