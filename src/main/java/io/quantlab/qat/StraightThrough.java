package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
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
        return fakeQuantize(x, params, gradient, false);
    }

    /**
     * Per-tensor fake quantization, rounding x/s stochastically when {@code stochastic}: floor(x/s + u),
     * u uniform in [0, 1) from the engine's seeded generator (Gupta et al. 2015), so the rounding is unbiased.
     */
    public static NDArray fakeQuantize(NDArray x, QuantParams params, Gradient gradient, boolean stochastic) {
        NDArray plain = x.stopGradient();
        // q − z = clamp(rint(x/s) + z, qmin, qmax) − z = clamp(rint(x/s), qmin − z, qmax − z): the zero-point is added after rounding
        NDArray steps = round(plain.mul(1.0f / params.scale()), stochastic);
        NDArray clamped = steps.clip(params.qmin() - params.zeroPoint(), params.qmax() - params.zeroPoint());
        NDArray inside = gradient == Gradient.CLIPPED ? clamped.eq(steps) : null;
        return straightThrough(x, plain, clamped.muli(params.scale()), inside);
    }

    /**
     * Per-channel fake quantization of {@code x} along axis 0 (the output channels of a Conv2d or
     * Linear weight, as {@code torch.fake_quantize_per_channel_affine} with axis 0).
     */
    public static NDArray fakeQuantize(NDArray x, PerChannelParams params, Gradient gradient) {
        return fakeQuantize(x, params, gradient, false);
    }

    /** Per-channel fake quantization, rounding stochastically when {@code stochastic}. */
    public static NDArray fakeQuantize(NDArray x, PerChannelParams params, Gradient gradient, boolean stochastic) {
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
        Shape column = channelColumn(x, channels);
        NDArray plain = x.stopGradient();
        NDArray steps = round(plain.mul(x.getManager().create(inverse, column)), stochastic);
        NDArray clamped = steps.maximum(x.getManager().create(low, column))
                .minimum(x.getManager().create(high, column));
        NDArray inside = gradient == Gradient.CLIPPED ? clamped.eq(steps) : null;
        return straightThrough(x, plain, clamped.muli(x.getManager().create(params.scales(), column)), inside);
    }

    /**
     * LSQ's fake quantization with a learned step (Esser et al. 2019, eq. 1-3), as
     * {@code torch._fake_quantize_learnable_per_tensor_affine} with the zero-point held fixed: the
     * values of {@link #fakeQuantize} on the grid of step {@code scale} (one value, or one per
     * output channel shaped [C, 1, …]) and zero-points {@code zeroPoints} (shaped as the scale);
     * the gradient to x is 1 where x/s + z rounds inside [qmin, qmax] and 0 where it is clipped,
     * the gradient to the step is, times {@code gradFactor} (LSQ's g = 1/√(N·qmax), section 2.2),
     * round(x/s) − x/s inside, qmin − z below and qmax − z above (eq. 3). The step's factor g is
     * applied as LSQ's gradscale: s·g − (s·g)̄ is exactly 0 with gradient g.
     */
    public static NDArray learnedStep(NDArray x, NDArray scale, NDArray zeroPoints, int qmin, int qmax,
                                      float gradFactor, boolean stochastic) {
        NDArray plain = x.stopGradient();
        NDArray s = scale.stopGradient();
        NDArray z = zeroPoints.stopGradient();
        NDArray inverse = s.getManager().ones(s.getShape()).div(s); // 1f / s, as the grid's float32 arithmetic
        NDArray steps = round(plain.mul(inverse), stochastic);
        NDArray values = steps.maximum(z.neg().add(qmin)).minimum(z.neg().add(qmax)).mul(s);
        // the backward kernel's arithmetic: q = rint(fma(x, 1/s, z)) in float32 (x·(1/s) + z is exact in
        // float64, then rounded once), inside: (fma(q − z, s, −x))·(1/s), clipped: qmin − z or qmax − z
        NDArray x64 = plain.toType(DataType.FLOAT64, false);
        NDArray s64 = s.toType(DataType.FLOAT64, false);
        NDArray z64 = z.toType(DataType.FLOAT64, false);
        NDArray q = x64.mul(inverse.toType(DataType.FLOAT64, false)).add(z64).toType(DataType.FLOAT32, false).round();
        NDArray inside = q.gte(qmin).logicalAnd(q.lte(qmax));
        NDArray onGrid = q.clip(qmin, qmax).toType(DataType.FLOAT64, false).sub(z64);
        NDArray rounding = onGrid.mul(s64).sub(x64).toType(DataType.FLOAT32, false).mul(inverse);
        NDArray scaleGradient = rounding.mul(inside).add(onGrid.toType(DataType.FLOAT32, false).mul(inside.logicalNot()));
        NDArray scaled = scale.mul(gradFactor);
        NDArray scaleZero = scaled.sub(scaled.stopGradient()); // exactly 0, with gradient g to the step
        return values.add(x.sub(plain).mul(inside)).add(scaleGradient.mul(scaleZero));
    }

    /**
     * PACT (Choi et al. 2018): y = clip(x, 0, α) fake-quantized on the unsigned grid of [0, α]
     * (step α/qmax, zero-point 0, qmax = 2^b − 1, computed from α on its device: no copy to the
     * host in the forward pass); the gradient to x is 1 for 0 ≤ x < α and 0 elsewhere, the
     * gradient to α is 1 where x ≥ α and 0 elsewhere (eq. 3-4, the rounding passed straight through).
     */
    public static NDArray pact(NDArray x, NDArray alpha, int qmax, boolean stochastic) {
        NDArray plain = x.stopGradient();
        NDArray a = alpha.stopGradient();
        NDArray step = pactStep(a, qmax);
        NDArray inverse = step.getManager().ones(step.getShape()).div(step); // 1f / step, as on the host
        NDArray values = round(plain.mul(inverse), stochastic).clip(0, qmax).muli(step);
        NDArray above = plain.gte(a);
        NDArray inside = plain.gte(0).logicalAnd(above.logicalNot());
        return values.add(x.sub(plain).mul(inside)).add(alpha.sub(a).mul(above));
    }

    /** PACT's step max(α/qmax, float32's epsilon), on α's device, as {@code PactActivation}'s grid has it. */
    static NDArray pactStep(NDArray alpha, int qmax) {
        return alpha.div((float) qmax).maximum(QuantParams.EPS);
    }

    /**
     * XNOR-Net's binary weights (Rastegari et al. 2016, eq. 6): sign(w)·α with α = mean |w| of each
     * output channel (axis 0; sign(0) = +1, one bit holds no zero); the gradient passes straight
     * through to w, clipped to |w| ≤ 1 ({@link Gradient#CLIPPED}, as Hubara et al. 2016) or everywhere.
     */
    public static NDArray binarize(NDArray w, Gradient gradient) {
        NDArray plain = w.stopGradient();
        long channels = w.getShape().get(0);
        NDArray alpha = plain.abs().reshape(channels, -1).mean(new int[] {1}, true).reshape(channelColumn(w, channels));
        NDArray sign = plain.gte(0).toType(DataType.FLOAT32, false).muli(2).subi(1);
        NDArray inside = gradient == Gradient.CLIPPED ? plain.abs().lte(1) : null;
        return straightThrough(w, plain, sign.muli(alpha), inside);
    }

    /** x rounded half to even, or floor(x + u) with u uniform in [0, 1). */
    private static NDArray round(NDArray x, boolean stochastic) {
        return stochastic ? x.add(x.getManager().randomUniform(0, 1, x.getShape())).floor() : x.round();
    }

    /** The shape [channels, 1, …] that broadcasts one value per output channel against {@code x}. */
    static Shape channelColumn(NDArray x, long channels) {
        long[] dims = new long[x.getShape().dimension()];
        Arrays.fill(dims, 1);
        dims[0] = channels;
        return new Shape(dims);
    }

    /** {@code values} + (x − x̄)·inside, {@code inside} a boolean mask or null for all true. */
    private static NDArray straightThrough(NDArray x, NDArray plain, NDArray values, NDArray inside) {
        NDArray zero = x.sub(plain); // exactly 0, with x's gradient
        return values.add(inside == null ? zero : zero.mul(inside)); // libtorch promotes the mask to float
    }
}
