package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Fake quantization with a learnable scale and zero-point, forward and backward as plain math:
 * torch._fake_quantize_learnable_per_tensor_affine (PyTorch 1.13), which implements LSQ
 * (Esser et al. 2019, "Learned Step Size Quantization", eq. 3) and its zero-point extension (LSQ+).
 */
public final class LearnableFakeQuant {
    private LearnableFakeQuant() {
    }

    /**
     * Output of one step.
     *
     * @param output        fake-quantized values
     * @param gradInput     dL/dx (straight-through inside the grid, 0 where clipped)
     * @param gradScale     dL/dscale summed over elements, times gradFactor
     * @param gradZeroPoint dL/dzeroPoint summed over elements, times gradFactor
     */
    public record Step(float[] output, float[] gradInput, float gradScale, float gradZeroPoint) {
    }

    /** LSQ's gradient scale g = 1 / sqrt(N * qmax) (Esser et al. 2019, section 2.2). */
    public static float lsqGradFactor(int elements, int qmax) {
        if (elements < 1 || qmax < 1) {
            throw new InvalidInputException("qmax", "LSQ grad factor needs elements >= 1 and qmax >= 1, got "
                    + elements + " and " + qmax);
        }
        return (float) (1.0 / Math.sqrt((double) elements * qmax));
    }

    /**
     * Forward and backward for upstream gradient {@code upstream}. The zero-point is a float:
     * forward uses clamp(rint(zp)), backward (int)clamp(zp + 0.5) as the PyTorch kernels do; the
     * backward rounds x / scale + zp after adding the zero-point, unlike the forward.
     */
    public static Step apply(float[] values, float scale, float zeroPoint, int qmin, int qmax,
                             float gradFactor, float[] upstream) {
        Inputs.requireFiniteValues(values, "values");
        Inputs.requireLength(upstream, values.length, "upstream");
        Inputs.requirePositiveFinite(scale, "scale");
        if (!Float.isFinite(zeroPoint)) {
            throw new InvalidInputException("zeroPoint", "zeroPoint must be finite, got " + zeroPoint);
        }
        if (!Float.isFinite(gradFactor)) {
            throw new InvalidInputException("gradFactor", "gradFactor must be finite, got " + gradFactor);
        }
        int forwardZeroPoint = (int) Math.max(qmin, Math.min(qmax, Math.rint(zeroPoint)));
        float[] output = Quantizer.fakeQuantize(values, new QuantParams(scale, forwardZeroPoint, qmin, qmax));

        int zp = (int) Math.min(Math.max(zeroPoint + 0.5f, (float) qmin), (float) qmax);
        float inverse = 1.0f / scale;
        float belowGrid = qmin - zp;
        float aboveGrid = qmax - zp;
        float[] gradInput = new float[values.length];
        double gradScale = 0;
        double gradZeroPoint = 0;
        for (int i = 0; i < values.length; i++) {
            float x = values[i];
            float dy = upstream[i];
            // The kernel is compiled with FMA contraction; without it ties at .5 can round the other way.
            double q = Math.rint(Math.fma(x, inverse, (float) zp));
            if (q < qmin || q > qmax) {
                gradZeroPoint += dy * -1 * scale * gradFactor;
                gradScale += (dy * (q < qmin ? belowGrid : aboveGrid)) * gradFactor;
            } else {
                gradInput[i] = dy;
                gradScale += dy * Math.fma((float) (q - zp), scale, -x) * inverse * gradFactor;
            }
        }
        return new Step(output, gradInput, (float) gradScale, (float) gradZeroPoint);
    }
}
