package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantParams;
import java.util.Arrays;

/**
 * Fake quantization in the DJL autograd graph with a straight-through estimator (Bengio et al.
 * 2013): the forward pass gives exactly {@code Quantizer.fakeQuantize}'s values (x · (1/s),
 * round half to even, clamp to the grid, · s; as {@code torch.fake_quantize_per_tensor_affine}),
 * the backward pass hands the gradient on as if no rounding happened. The output is
 * fq(x) + (x − x̄)·m, x̄ being x without gradient: x − x̄ is exactly 0, so the values are fq(x)'s
 * to the bit, and the gradient is m, 1 everywhere ({@link Gradient#IDENTITY}) or 1 where x lands
 * inside the grid and 0 where it is clipped ({@link Gradient#CLIPPED}, PyTorch's FakeQuantize).
 *
 * <p>The results belong to {@code x}'s manager.
 */
public final class StraightThrough {

    /** How the gradient passes the rounding. */
    public enum Gradient { IDENTITY, CLIPPED }

    private StraightThrough() {}

    /** Per-tensor fake quantization of {@code x} on {@code params}' grid. */
    public static NDArray fakeQuantize(NDArray x, QuantParams params, Gradient gradient) {
        NDArray plain = x.stopGradient();
        // q − z = clamp(rint(x/s) + z, qmin, qmax) − z = clamp(rint(x/s), qmin − z, qmax − z): the zero-point is added after rounding
        NDArray steps = plain.mul(1.0f / params.scale()).round();
        NDArray clamped = steps.clip(params.qmin() - params.zeroPoint(), params.qmax() - params.zeroPoint());
        NDArray inside = gradient == Gradient.CLIPPED ? clamped.eq(steps) : null;
        return straightThrough(x, plain, clamped.muli(params.scale()), inside);
    }

    /**
     * Per-channel fake quantization of {@code x} along axis 0 (the output channels of a Conv2d or
     * Linear weight, as {@code torch.fake_quantize_per_channel_affine} with axis 0).
     */
    public static NDArray fakeQuantize(NDArray x, PerChannelParams params, Gradient gradient) {
        int channels = params.count();
        if (x.getShape().get(0) != channels) {
            throw new IllegalArgumentException(channels + " channel grids for a tensor of shape " + x.getShape());
        }
        float[] inverse = new float[channels];
        float[] low = new float[channels];
        float[] high = new float[channels];
        for (int c = 0; c < channels; c++) {
            QuantParams p = params.channel(c);
            inverse[c] = 1.0f / p.scale();
            low[c] = p.qmin() - p.zeroPoint();
            high[c] = p.qmax() - p.zeroPoint();
        }
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = channels;
        Shape column = new Shape(dims);
        NDArray plain = x.stopGradient();
        NDArray steps = plain.mul(x.getManager().create(inverse, column)).round();
        NDArray clamped = steps.maximum(x.getManager().create(low, column))
                .minimum(x.getManager().create(high, column));
        NDArray inside = gradient == Gradient.CLIPPED ? clamped.eq(steps) : null;
        return straightThrough(x, plain, clamped.muli(x.getManager().create(params.scales(), column)), inside);
    }

    /** {@code values} + (x − x̄)·inside, {@code inside} a boolean mask or null for all true. */
    private static NDArray straightThrough(NDArray x, NDArray plain, NDArray values, NDArray inside) {
        NDArray zero = x.sub(plain); // exactly 0, with x's gradient
        return values.add(inside == null ? zero : zero.mul(inside)); // libtorch promotes the mask to float
    }
}
