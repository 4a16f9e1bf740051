package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Folds an inference-mode BatchNorm into the preceding convolution or linear layer
 * (torch.nn.utils.fusion.fuse_conv_bn_weights): with r = 1 / sqrt(var + eps) per output channel,
 * w' = w * (gamma * r) and b' = (b - mean) * r * gamma + beta, in float32.
 */
public final class BatchNormFolding {
    private BatchNormFolding() {
    }

    /** Running statistics and affine parameters of a BatchNorm layer, one entry per channel. */
    public record BatchNorm(float[] gamma, float[] beta, float[] runningMean, float[] runningVar, float eps) {
        public BatchNorm {
            Inputs.requireFiniteValues(gamma, "gamma");
            Inputs.requireLength(beta, gamma.length, "beta");
            Inputs.requireLength(runningMean, gamma.length, "runningMean");
            Inputs.requireLength(runningVar, gamma.length, "runningVar");
            Inputs.requireFinite(beta, "beta");
            Inputs.requireFinite(runningMean, "runningMean");
            Inputs.requireFinite(runningVar, "runningVar");
            Inputs.requirePositiveFinite(eps, "eps");
            for (int c = 0; c < runningVar.length; c++) {
                if (runningVar[c] < 0) {
                    throw new InvalidInputException("runningVar", "runningVar[" + c + "] is " + runningVar[c] + "; variances must be >= 0");
                }
            }
        }

        public int channels() {
            return gamma.length;
        }
    }

    /** Weights and bias of the folded layer. */
    public record Folded(float[] weight, float[] bias) {
    }

    /**
     * @param weight output channel first (out x in x kh x kw for a conv, out x in for a linear layer)
     * @param bias   the layer's bias, or null when it has none
     */
    public static Folded fold(float[] weight, float[] bias, BatchNorm bn) {
        int channels = bn.channels();
        Inputs.requireFiniteValues(weight, "weight");
        if (weight.length % channels != 0) {
            throw new InvalidInputException("weight", "weight has " + weight.length
                    + " values, not a multiple of the " + channels + " BatchNorm channels");
        }
        if (bias != null) {
            Inputs.requireLength(bias, channels, "bias");
            Inputs.requireFinite(bias, "bias");
        }
        int perChannel = weight.length / channels;
        float[] foldedWeight = new float[weight.length];
        float[] foldedBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            float inverseStd = 1.0f / (float) Math.sqrt(bn.runningVar()[c] + bn.eps());
            float factor = bn.gamma()[c] * inverseStd;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                foldedWeight[i] = weight[i] * factor;
            }
            float b = bias == null ? 0f : bias[c];
            foldedBias[c] = (b - bn.runningMean()[c]) * inverseStd * bn.gamma()[c] + bn.beta()[c];
        }
        return new Folded(foldedWeight, foldedBias);
    }
}
