package io.quantlab.quant;

import io.quantlab.InvalidInputException;

/**
 * Where the channels sit in a row-major (C order) tensor: element i belongs to channel
 * (i / inner) % channels. The leading dimensions (batch) may vary between calls.
 */
public record ChannelAxis(int channels, int inner) {
    public ChannelAxis {
        if (channels < 1) {
            throw new InvalidInputException("axis", "a channel axis needs at least 1 channel, got " + channels);
        }
        if (inner < 1) {
            throw new InvalidInputException("axis", "elements per channel row must be >= 1, got " + inner);
        }
    }

    /** The layout of axis {@code axis} of a tensor with the given shape. */
    public static ChannelAxis of(int[] shape, int axis) {
        if (shape == null || shape.length == 0) {
            throw new InvalidInputException("shape", "shape is empty; per-channel quantization needs at least 1 dimension");
        }
        if (axis < 0 || axis >= shape.length) {
            throw new InvalidInputException("axis",
                    "axis must be between 0 and " + (shape.length - 1) + " for a " + shape.length + "-d tensor, got " + axis);
        }
        int inner = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            inner = Math.multiplyExact(inner, shape[d]);
        }
        return new ChannelAxis(shape[axis], inner);
    }

    /** Number of channel blocks ahead of the axis, checking that the length fits the layout. */
    public int outer(int length) {
        int block = channels * inner;
        if (length == 0 || length % block != 0) {
            throw new InvalidInputException("values", "values has " + length + " elements, not a positive multiple of "
                    + channels + " channels x " + inner + " elements");
        }
        return length / block;
    }

    public int channelOf(int index) {
        return (index / inner) % channels;
    }

    /** Copies the elements of channel {@code channel} into one contiguous array. */
    public float[] gather(float[] values, int channel) {
        int outer = outer(values.length);
        float[] out = new float[outer * inner];
        for (int o = 0; o < outer; o++) {
            System.arraycopy(values, (o * channels + channel) * inner, out, o * inner, inner);
        }
        return out;
    }
}
