package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.List;

/** One {@link QuantParams} per channel, in channel order (PyTorch's per_channel_* qschemes). */
public record PerChannelParams(List<QuantParams> channels) {
    public PerChannelParams {
        if (channels == null || channels.isEmpty()) {
            throw new InvalidInputException("channels", "per-channel parameters need at least 1 channel");
        }
        channels = List.copyOf(channels);
    }

    /** {@link QuantParams#fromRange} applied to each channel's range. */
    public static PerChannelParams fromRanges(List<ClipRange> ranges, QuantFormat format) {
        return new PerChannelParams(ranges.stream().map(r -> QuantParams.fromRange(r, format)).toList());
    }

    public static PerChannelParams of(float[] scales, int[] zeroPoints, int qmin, int qmax) {
        if (scales.length != zeroPoints.length) {
            throw new InvalidInputException("zeroPoints",
                    "got " + scales.length + " scales but " + zeroPoints.length + " zero-points; need one of each per channel");
        }
        QuantParams[] params = new QuantParams[scales.length];
        for (int c = 0; c < scales.length; c++) {
            params[c] = new QuantParams(scales[c], zeroPoints[c], qmin, qmax);
        }
        return new PerChannelParams(List.of(params));
    }

    public int count() {
        return channels.size();
    }

    public QuantParams channel(int c) {
        return channels.get(c);
    }

    public float[] scales() {
        float[] out = new float[channels.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = channels.get(c).scale();
        }
        return out;
    }

    public int[] zeroPoints() {
        int[] out = new int[channels.size()];
        for (int c = 0; c < out.length; c++) {
            out[c] = channels.get(c).zeroPoint();
        }
        return out;
    }

    /** Checks the parameters fit a layout, so quantizers fail with a message rather than an index error. */
    void requireMatches(ChannelAxis axis) {
        if (axis.channels() != channels.size()) {
            throw new InvalidInputException("axis",
                    "the channel axis has " + axis.channels() + " channels but there are parameters for " + channels.size());
        }
    }
}
