package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * Exponential moving average of each batch's min and max (MovingAverageMinMaxObserver): the first
 * batch sets them, later ones move them by m += c * (batchM - m) in float32. Damps the effect of
 * one unusual batch during QAT.
 */
public final class MovingAverageMinMaxObserver implements Observer {
    /** PyTorch's default averaging constant. */
    public static final float DEFAULT_AVERAGING_CONSTANT = 0.01f;

    private final ChannelAxis axis;
    private final float averagingConstant;
    private final float[] mins;
    private final float[] maxs;
    private boolean observed;

    private MovingAverageMinMaxObserver(ChannelAxis axis, float averagingConstant) {
        if (!(averagingConstant > 0 && averagingConstant <= 1)) {
            throw new InvalidInputException("averagingConstant",
                    "averagingConstant (momentum) must be in (0, 1], got " + averagingConstant);
        }
        this.axis = axis;
        this.averagingConstant = averagingConstant;
        int channels = axis == null ? 1 : axis.channels();
        mins = new float[channels];
        maxs = new float[channels];
    }

    public static MovingAverageMinMaxObserver perTensor(float averagingConstant) {
        return new MovingAverageMinMaxObserver(null, averagingConstant);
    }

    public static MovingAverageMinMaxObserver perChannel(ChannelAxis axis, float averagingConstant) {
        return new MovingAverageMinMaxObserver(axis, averagingConstant);
    }

    @Override
    public void observe(float[] batch) {
        Inputs.requireFiniteValues(batch, "batch");
        float[] batchMins = new float[mins.length];
        float[] batchMaxs = new float[maxs.length];
        Arrays.fill(batchMins, Float.POSITIVE_INFINITY);
        Arrays.fill(batchMaxs, Float.NEGATIVE_INFINITY);
        ChannelStats.accumulateMinMax(batch, axis, batchMins, batchMaxs);
        for (int c = 0; c < mins.length; c++) {
            if (observed) {
                mins[c] = mins[c] + averagingConstant * (batchMins[c] - mins[c]);
                maxs[c] = maxs[c] + averagingConstant * (batchMaxs[c] - maxs[c]);
            } else {
                mins[c] = batchMins[c];
                maxs[c] = batchMaxs[c];
            }
        }
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
