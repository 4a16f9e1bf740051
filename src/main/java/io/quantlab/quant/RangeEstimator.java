package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * A way of choosing the clipping range of one tensor. Every estimator yields a {@link ClipRange};
 * {@link QuantParams#fromRange} alone turns it into parameters. Estimators that weigh the
 * quantization error (MSE, KL, histogram) need the target format to know the grid.
 *
 * <p>For a stream of calibration batches use an {@link Observer}.
 */
public sealed interface RangeEstimator {

    ClipRange estimate(float[] values, QuantFormat format);

    /** One range per channel, each estimated from that channel's elements alone. */
    default List<ClipRange> estimatePerChannel(float[] values, ChannelAxis axis, QuantFormat format) {
        Inputs.requireFiniteValues(values, "values");
        axis.outer(values.length);
        List<ClipRange> ranges = new ArrayList<>(axis.channels());
        for (int c = 0; c < axis.channels(); c++) {
            ranges.add(estimate(axis.gather(values, c), format));
        }
        return ranges;
    }

    /** Parameters from this estimator's range: a shortcut for fromRange(estimate(...)). */
    default QuantParams params(float[] values, QuantFormat format) {
        return QuantParams.fromRange(estimate(values, format), format);
    }

    default PerChannelParams perChannelParams(float[] values, ChannelAxis axis, QuantFormat format) {
        return PerChannelParams.fromRanges(estimatePerChannel(values, axis, format), format);
    }

    /** The observed minimum and maximum: never clips, so one outlier stretches the whole grid. */
    record MinMax() implements RangeEstimator {
        @Override
        public ClipRange estimate(float[] values, QuantFormat format) {
            Inputs.MinMax extremes = Inputs.finiteMinMax(values, "values");
            return new ClipRange(extremes.min(), extremes.max());
        }

        @Override
        public List<ClipRange> estimatePerChannel(float[] values, ChannelAxis axis, QuantFormat format) {
            MinMaxObserver observer = MinMaxObserver.perChannel(axis);
            observer.observe(values);
            return observer.ranges();
        }
    }

    /**
     * Clips the tails: [P(100-p), P(p)] for affine schemes, ±P_|x|(p) for symmetric ones
     * (numpy's linear-interpolation percentile).
     */
    record Percentile(double percentile) implements RangeEstimator {
        public Percentile {
            if (!(percentile >= 50 && percentile <= 100)) {
                throw new InvalidInputException("percentile", "percentile must be between 50 and 100, got " + percentile);
            }
        }

        @Override
        public ClipRange estimate(float[] values, QuantFormat format) {
            if (format.scheme().isSymmetric()) {
                float bound = (float) Percentiles.absPercentile(values, percentile);
                return new ClipRange(-bound, bound);
            }
            double[] bounds = Percentiles.percentiles(values, false, 100 - percentile, percentile);
            return new ClipRange((float) bounds[0], (float) bounds[1]);
        }
    }

    /**
     * Shrinks the min-max range by factors k/candidates (k = 1..candidates) and keeps the one whose
     * grid gives the least expected squared error over a 2048-bin histogram of the values.
     */
    record MseSearch(int candidates) implements RangeEstimator {
        public static final int DEFAULT_CANDIDATES = 100;

        public MseSearch {
            Inputs.requireInRange(candidates, 1, 10_000, "candidates");
        }

        public MseSearch() {
            this(DEFAULT_CANDIDATES);
        }

        @Override
        public ClipRange estimate(float[] values, QuantFormat format) {
            return MseRangeSearch.search(values, format, candidates);
        }
    }

    /**
     * TensorRT's entropy calibration (Migacz, "8-bit Inference with TensorRT", GTC 2017): the
     * threshold on |x| whose quantized histogram is closest to the original in KL divergence.
     */
    record KlEntropy(int bins) implements RangeEstimator {
        public static final int DEFAULT_BINS = 2048;

        public KlEntropy {
            Inputs.requireInRange(bins, 16, 1 << 16, "bins");
        }

        public KlEntropy() {
            this(DEFAULT_BINS);
        }

        @Override
        public ClipRange estimate(float[] values, QuantFormat format) {
            return KlRangeSearch.search(values, format, bins);
        }
    }

    /**
     * PyTorch's HistogramObserver on a single tensor: an L2 search for the sub-range of histogram
     * bins with the least quantization error. {@code torch113HistcQuirk} reproduces 1.13 exactly,
     * including the values it drops (see {@link HistogramObserver}).
     */
    record HistogramSearch(int bins, int upsampleRate, boolean torch113HistcQuirk) implements RangeEstimator {
        public HistogramSearch {
            Inputs.requireInRange(bins, 16, 1 << 16, "bins");
            Inputs.requireInRange(upsampleRate, 1, 1024, "upsampleRate");
        }

        public HistogramSearch() {
            this(HistogramObserver.DEFAULT_BINS, HistogramObserver.DEFAULT_UPSAMPLE_RATE, false);
        }

        @Override
        public ClipRange estimate(float[] values, QuantFormat format) {
            HistogramObserver observer = new HistogramObserver(format, bins, upsampleRate, torch113HistcQuirk);
            observer.observe(values);
            return observer.range();
        }
    }
}
