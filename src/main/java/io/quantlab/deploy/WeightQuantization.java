package io.quantlab.deploy;

import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;

/**
 * How one layer's weights are quantized: one grid for the whole tensor, or one per output
 * channel. Exactly one of {@code perTensor} and {@code perChannel} is set.
 */
public record WeightQuantization(QuantParams perTensor, PerChannelParams perChannel) {

    public WeightQuantization {
        if ((perTensor == null) == (perChannel == null)) {
            throw new IllegalArgumentException("give either per-tensor or per-channel parameters");
        }
    }

    public static WeightQuantization of(QuantParams perTensor) {
        return new WeightQuantization(perTensor, null);
    }

    public static WeightQuantization of(PerChannelParams perChannel) {
        return new WeightQuantization(null, perChannel);
    }

    public boolean isPerChannel() {
        return perChannel != null;
    }

    /** The grid of output channel {@code c}. */
    public QuantParams channel(int c) {
        return perChannel == null ? perTensor : perChannel.channel(c);
    }

    /** The scales, one per output channel or one for the tensor: ONNX's y_scale of a DequantizeLinear. */
    public float[] scales() {
        return perChannel == null ? new float[] {perTensor.scale()} : perChannel.scales();
    }

    /** The zero-points, laid out as {@link #scales()}. */
    public int[] zeroPoints() {
        return perChannel == null ? new int[] {perTensor.zeroPoint()} : perChannel.zeroPoints();
    }

    /** ONNX dims of the scales and zero-points: [channels] per channel, a scalar per tensor. */
    long[] parameterDims() {
        return perChannel == null ? new long[0] : new long[] {perChannel.count()};
    }

    /** Bits of the widest grid: ⌈log2(levels)⌉. */
    public int bits() {
        int levels = perChannel == null ? perTensor.levels()
                : perChannel.channels().stream().mapToInt(QuantParams::levels).max().orElseThrow();
        return 32 - Integer.numberOfLeadingZeros(levels - 1);
    }

    /**
     * The int32 grid of output channel {@code c}'s bias when the layer's input is quantized with
     * {@code inputScale}: scale s_in·s_w[c], zero-point 0, as the QDQ format stores a bias and an
     * integer kernel adds it to its int32 accumulator.
     */
    public QuantParams biasGrid(int c, float inputScale) {
        return new QuantParams(inputScale * channel(c).scale(), 0, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The integer weights, output channel first. */
    public int[] quantize(float[] weight, ChannelAxis outputChannels) {
        return perChannel == null ? Quantizer.quantize(weight, perTensor)
                : Quantizer.quantize(weight, outputChannels, perChannel);
    }
}
