package io.quantlab.quant;

import java.util.Arrays;
import java.util.List;

/**
 * Keeps every calibration value and applies a {@link RangeEstimator} (percentile, MSE, KL) to all
 * of them at the end, so any estimator can calibrate over several batches. Memory grows with the
 * data: meant for lab-sized calibration sets.
 */
public final class CollectingObserver implements Observer {
    private final RangeEstimator estimator;
    private final QuantFormat format;
    private final ChannelAxis axis;
    private float[] values = new float[1024];
    private int size;

    private CollectingObserver(RangeEstimator estimator, QuantFormat format, ChannelAxis axis) {
        this.estimator = estimator;
        this.format = format;
        this.axis = axis;
    }

    public static CollectingObserver perTensor(RangeEstimator estimator, QuantFormat format) {
        return new CollectingObserver(estimator, format, null);
    }

    /** Batches are concatenated along their leading (batch) dimension, which keeps the channel layout. */
    public static CollectingObserver perChannel(RangeEstimator estimator, QuantFormat format, ChannelAxis axis) {
        return new CollectingObserver(estimator, format, axis);
    }

    @Override
    public void observe(float[] batch) {
        Inputs.requireFiniteValues(batch, "batch");
        if (axis != null) {
            axis.outer(batch.length);
        }
        if (size + batch.length > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + batch.length));
        }
        System.arraycopy(batch, 0, values, size, batch.length);
        size += batch.length;
    }

    @Override
    public List<ClipRange> ranges() {
        if (size == 0) {
            throw Observer.nothingObserved();
        }
        float[] all = Arrays.copyOf(values, size);
        return axis == null ? List.of(estimator.estimate(all, format)) : estimator.estimatePerChannel(all, axis, format);
    }
}
