package io.quantlab.quant;

import java.util.Arrays;
import java.util.List;

/** Running minimum and maximum over all batches (MinMaxObserver / PerChannelMinMaxObserver). */
public final class MinMaxObserver implements Observer {
    private final ChannelAxis axis;
    private final float[] mins;
    private final float[] maxs;
    private boolean observed;

    private MinMaxObserver(ChannelAxis axis) {
        this.axis = axis;
        int channels = axis == null ? 1 : axis.channels();
        mins = new float[channels];
        maxs = new float[channels];
        Arrays.fill(mins, Float.POSITIVE_INFINITY);
        Arrays.fill(maxs, Float.NEGATIVE_INFINITY);
    }

    public static MinMaxObserver perTensor() {
        return new MinMaxObserver(null);
    }

    public static MinMaxObserver perChannel(ChannelAxis axis) {
        return new MinMaxObserver(axis);
    }

    @Override
    public void observe(float[] batch) {
        Inputs.requireFiniteValues(batch, "batch");
        ChannelStats.accumulateMinMax(batch, axis, mins, maxs);
        observed = true;
    }

    @Override
    public List<ClipRange> ranges() {
        if (!observed) {
            throw Observer.nothingObserved();
        }
        return ClipRange.perChannel(mins, maxs);
    }
}
