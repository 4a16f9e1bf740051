package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.List;

/**
 * PyTorch 1.13's HistogramObserver: a running histogram of the values (2048 bins, merged across
 * batches by upsampling the old histogram x128 onto the widened range), and at the end the L2
 * search of HistogramObserver._non_linear_param_search (from caffe2's NormMinimization) for the
 * sub-range of bins whose 2^bits-bin quantization has the least error.
 *
 * <p>With {@code torch113HistcQuirk} the histogram is filled exactly as 1.13 does it: torch.histc
 * gets min=int(min_val), max=int(max_val) (truncated toward zero) while the bin width uses the
 * float range, so values outside the truncated range are dropped. Without it the histogram covers
 * the float range and keeps every value (what later PyTorch releases do).
 */
public final class HistogramObserver implements Observer {
    public static final int DEFAULT_BINS = 2048;
    public static final int DEFAULT_UPSAMPLE_RATE = 128;
    private static final double SEARCH_STEP = 1e-5;

    private final int bins;
    private final int upsampleRate;
    private final int destinationBins;
    private final boolean torch113HistcQuirk;
    private float minVal = Float.POSITIVE_INFINITY;
    private float maxVal = Float.NEGATIVE_INFINITY;
    private float[] histogram;

    public HistogramObserver(QuantFormat format) {
        this(format, DEFAULT_BINS, DEFAULT_UPSAMPLE_RATE, false);
    }

    public HistogramObserver(QuantFormat format, int bins, int upsampleRate, boolean torch113HistcQuirk) {
        Inputs.requireInRange(bins, 16, 1 << 16, "bins");
        Inputs.requireInRange(upsampleRate, 1, 1024, "upsampleRate");
        this.bins = bins;
        this.upsampleRate = upsampleRate;
        // PyTorch uses 2^bits of the dtype, whatever reduce_range or the custom range says.
        this.destinationBins = 1 << format.bits();
        this.torch113HistcQuirk = torch113HistcQuirk;
        this.histogram = new float[bins];
    }

    @Override
    public void observe(float[] batch) {
        Inputs.MinMax extremes = Inputs.finiteMinMax(batch, "batch");
        float batchMin = extremes.min();
        float batchMax = extremes.max();
        requireFiniteSpan(Math.min(batchMin, minVal), Math.max(batchMax, maxVal));
        boolean uninitialized = minVal == Float.POSITIVE_INFINITY && maxVal == Float.NEGATIVE_INFINITY;
        if (uninitialized || minVal == maxVal) {
            minVal = batchMin;
            maxVal = batchMax;
            histogram = histc(batch, histcBound(batchMin), histcBound(batchMax), batchMin, batchMax);
            return;
        }
        float combinedMin = Math.min(batchMin, minVal);
        float combinedMax = Math.max(batchMax, maxVal);
        // _adjust_min_max: widen only the max so the new range is a whole number of upsampled old bins.
        float oldSpan = maxVal - minVal;
        float newSpan = combinedMax - combinedMin;
        int downsampleRate = (int) Math.ceil(newSpan * upsampleRate / oldSpan);
        float extra = (float) downsampleRate * oldSpan / upsampleRate - newSpan;
        long startIndex = (long) Math.rint((minVal - combinedMin) * bins * upsampleRate / oldSpan);
        combinedMax = combinedMax + extra;
        float[] combined = histc(batch, histcBound(combinedMin), histcBound(combinedMax), batchMin, batchMax);
        if (combinedMin == minVal && combinedMax == maxVal) {
            for (int b = 0; b < bins; b++) {
                combined[b] += histogram[b];
            }
        } else {
            addUpsampled(combined, histogram, downsampleRate, startIndex);
        }
        histogram = combined;
        minVal = combinedMin;
        maxVal = combinedMax;
    }

    /** Bin widths are (max − min) / bins in float32, as torch.histc; a span beyond float32 would make them ∞. */
    private static void requireFiniteSpan(float min, float max) {
        if (Float.isInfinite(max - min)) {
            throw new InvalidInputException("values", "values span [" + min + ", " + max + "]; a histogram needs"
                    + " max − min within float32 (at most " + Float.MAX_VALUE + ")");
        }
    }

    @Override
    public List<ClipRange> ranges() {
        return List.of(range());
    }

    @Override
    public ClipRange range() {
        if (minVal == Float.POSITIVE_INFINITY) {
            throw Observer.nothingObserved();
        }
        if (minVal == maxVal) {
            return new ClipRange(minVal, maxVal);
        }
        int[] chosen = searchBins();
        float binWidth = (maxVal - minVal) / bins;
        return new ClipRange(minVal + binWidth * chosen[0], minVal + binWidth * (chosen[1] + 1));
    }

    /** The range the histogram currently spans (min_val, max_val of the PyTorch observer). */
    public ClipRange histogramRange() {
        if (minVal == Float.POSITIVE_INFINITY) {
            throw Observer.nothingObserved();
        }
        return new ClipRange(minVal, maxVal);
    }

    public float[] histogram() {
        return histogram.clone();
    }

    /** First and last histogram bin of the chosen range, as _non_linear_param_search finds them. */
    public int[] searchBins() {
        double total = 0;
        double[] cumulative = new double[bins];
        for (int b = 0; b < bins; b++) {
            total += histogram[b];
            cumulative[b] = total;
        }
        double alpha = 0;
        double beta = 1;
        int startBin = 0;
        int endBin = bins - 1;
        double normMin = Double.POSITIVE_INFINITY;
        while (alpha < beta) {
            double nextAlpha = alpha + SEARCH_STEP;
            double nextBeta = beta - SEARCH_STEP;
            int left = startBin;
            int right = endBin;
            while (left < endBin && cumulative[left] < nextAlpha * total) {
                left++;
            }
            while (right > startBin && cumulative[right] > nextBeta * total) {
                right--;
            }
            int nextStart = startBin;
            int nextEnd = endBin;
            // Move whichever side would drop more bins for the same share of values.
            if (left - startBin > endBin - right) {
                nextStart = left;
                alpha = nextAlpha;
            } else {
                nextEnd = right;
                beta = nextBeta;
            }
            if (nextStart == startBin && nextEnd == endBin) {
                continue;
            }
            double norm = quantizationError(nextStart, nextEnd);
            if (norm > normMin) {
                break;
            }
            normMin = norm;
            startBin = nextStart;
            endBin = nextEnd;
        }
        return new int[] {startBin, endBin};
    }

    /**
     * L2 error of mapping bins [start, end] onto destinationBins uniform bins, values uniform within
     * each source bin: Σ density * ∫ (x - center)^2 = density * (d_end^3 - d_begin^3) / 3.
     */
    private double quantizationError(int start, int end) {
        double binWidth = ((double) maxVal - (double) minVal) / bins;
        double dstWidth = binWidth * (end - start + 1) / destinationBins;
        if (dstWidth == 0) {
            return 0;
        }
        double half = dstWidth / 2;
        double fullBinNorm = (half * half * half - (-half) * (-half) * (-half)) / 3;
        double norm = 0;
        for (int b = 0; b < bins; b++) {
            if (histogram[b] == 0) {
                continue;
            }
            double begin = (b - start) * binWidth;
            double endOffset = begin + binWidth;
            double dstOfBegin = clamp(Math.floor(begin / dstWidth), 0, destinationBins - 1);
            double dstOfEnd = clamp(Math.floor(endOffset / dstWidth), 0, destinationBins - 1);
            double density = histogram[b] / binWidth;
            double deltaBegin = begin - (dstOfBegin + 0.5) * dstWidth;
            norm += density * (half * half * half - deltaBegin * deltaBegin * deltaBegin) / 3;
            norm += (dstOfEnd - dstOfBegin - 1) * density * fullBinNorm;
            double deltaEnd = endOffset - (dstOfEnd * dstWidth + half);
            norm += density * (deltaEnd * deltaEnd * deltaEnd + half * half * half) / 3;
        }
        return norm;
    }

    private float histcBound(float bound) {
        return torch113HistcQuirk ? (float) (int) bound : bound;
    }

    /**
     * torch.histc on CPU: bin = (int)(((x - lo) * bins) / (hi - lo)) in float32, x == hi in the last
     * bin, values outside [lo, hi] ignored; lo == hi means the data range, and a constant one is
     * widened by 1 each side.
     */
    private float[] histc(float[] values, float lo, float hi, float dataMin, float dataMax) {
        if (lo == hi) {
            lo = dataMin;
            hi = dataMax;
            if (lo == hi) {
                lo -= 1;
                hi += 1;
            }
        }
        float span = hi - lo;
        float[] counts = new float[bins];
        for (float v : values) {
            if (v < lo || v > hi) {
                continue;
            }
            int b = v == hi ? bins - 1 : (int) (((v - lo) * bins) / span);
            counts[Math.min(b, bins - 1)] += 1;
        }
        return counts;
    }

    /**
     * _combine_histograms in closed form: the old histogram repeated upsampleRate times per bin,
     * placed at startIndex on a grid of bins * downsampleRate fine cells, integrated (float64
     * cumsum), sampled every downsampleRate cells, differenced and divided by upsampleRate. The
     * shifted integral passes through a float32 buffer in PyTorch, so it is rounded to float here too.
     */
    private void addUpsampled(float[] target, float[] old, int downsampleRate, long startIndex) {
        double[] oldCumulative = new double[bins + 1];
        for (int b = 0; b < bins; b++) {
            oldCumulative[b + 1] = oldCumulative[b] + old[b];
        }
        double previous = 0;
        for (int j = 0; j < bins; j++) {
            long lastCell = (long) (j + 1) * downsampleRate - 1;
            double integral = integralThrough(lastCell, startIndex, old, oldCumulative);
            double shifted = j == 0 ? 0 : (float) previous;
            target[j] += (float) ((integral - shifted) / upsampleRate);
            previous = integral;
        }
    }

    private double integralThrough(long cell, long startIndex, float[] old, double[] oldCumulative) {
        long covered = cell - startIndex + 1;
        if (covered <= 0) {
            return 0;
        }
        long wholeBins = covered / upsampleRate;
        if (wholeBins >= bins) {
            return oldCumulative[bins] * upsampleRate;
        }
        long partial = covered % upsampleRate;
        return oldCumulative[(int) wholeBins] * upsampleRate + partial * (double) old[(int) wholeBins];
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
