package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.List;

/**
 * Watches calibration batches and reports a clipping range, like torch.ao.quantization observers:
 * it only collects statistics and never changes the batch. Observers differ only in how they
 * track statistics; {@link QuantParams#fromRange} turns any of their ranges into parameters.
 *
 * <p>Not thread-safe: one observer per tensor per calibration run.
 */
public sealed interface Observer permits MinMaxObserver, MovingAverageMinMaxObserver, HistogramObserver, CollectingObserver {

    /** Records the statistics of one batch. */
    void observe(float[] batch);

    /** One range per channel, or a single range for a per-tensor observer. */
    List<ClipRange> ranges();

    /** The range of a per-tensor observer. */
    default ClipRange range() {
        List<ClipRange> ranges = ranges();
        if (ranges.size() != 1) {
            throw new InvalidInputException("granularity",
                    "this observer is per channel (" + ranges.size() + " channels); ask for ranges() instead");
        }
        return ranges.get(0);
    }

    default QuantParams params(QuantFormat format) {
        return QuantParams.fromRange(range(), format);
    }

    default PerChannelParams perChannelParams(QuantFormat format) {
        return PerChannelParams.fromRanges(ranges(), format);
    }

    static InvalidInputException nothingObserved() {
        return new InvalidInputException("batches", "no calibration batch was observed; observe at least 1 batch");
    }
}
