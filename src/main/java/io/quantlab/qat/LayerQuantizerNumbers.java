package io.quantlab.qat;

import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig.Range;
import io.quantlab.quant.ChannelAxis;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.ErrorMetrics;
import io.quantlab.quant.LearnableFakeQuant;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.RangeEstimator;
import io.quantlab.quant.Rounding;
import java.util.ArrayList;
import java.util.List;

/**
 * What a composed weight quantizer does to one layer's weights before training starts, the
 * numbers Lab 5's formulas show: the grid (scale, zero-point, levels used, clipped share), LSQ's
 * initial step and gradient scale, and binary's α per output channel. Plain float math on
 * {@code quant/}'s estimators, the same a job's quantizers start from.
 */
public final class LayerQuantizerNumbers {
    private LayerQuantizerNumbers() {
    }

    /**
     * The weight grid of a composition: its integer format, granularity and range ({@code clipRatio}
     * read by {@link Range#CLIP_RATIO}, {@code percentile} by {@link Range#PERCENTILE}).
     */
    public record Grid(QuantFormat format, boolean perChannel, Range range, double clipRatio, double percentile) {

        /** The grid {@code config} gives {@code layer}'s weights, at the layer's own bits. */
        public static Grid of(QatConfig config, String layer) {
            return new Grid(config.weightFormat(config.weightBits(layer)),
                    config.granularity() == PtqConfig.Granularity.PER_CHANNEL, config.range(), config.clipRatio(),
                    config.percentile());
        }

        RangeEstimator estimator() {
            return range == Range.PERCENTILE ? new RangeEstimator.Percentile(percentile) : new RangeEstimator.MinMax();
        }
    }

    /**
     * The numbers; per channel, the {@code first...} values are output channel 0's and the
     * scale bounds span all channels (per tensor they are the tensor's).
     *
     * @param channels      output channels of the layer
     * @param elements      weights in the layer
     * @param elementsPerStep weights sharing one scale: the layer's, or a channel's per channel (LSQ's N)
     * @param firstMinMax   smallest and largest weight (of channel 0 per channel)
     * @param firstRange    the clipping range the grid covers (of channel 0 per channel)
     * @param firstParams   scale s, zero-point z, qmin and qmax (of channel 0 per channel)
     * @param minScale      smallest scale over the channels
     * @param maxScale      largest scale over the channels
     * @param levelsUsed    distinct integer codes over the whole layer
     * @param clippedShare  share of the weights outside the grid, clamped to qmin or qmax
     * @param mse           mean squared error of the fake-quantized weights
     * @param lsqStep       LSQ's initial step: the STE grid's (of channel 0 per channel), as LsqWeights starts
     *                      (NaN on a 1-bit grid, Qp = 0: LSQ is refused there)
     * @param lsqGradScale  LSQ's gradient scale g = 1/sqrt(N·Qp), N = elementsPerStep (NaN on a 1-bit grid)
     * @param firstAlpha    binary's α = mean|w| of output channel 0
     * @param minAlpha      smallest α over the channels
     * @param maxAlpha      largest α over the channels
     */
    public record Numbers(int channels, int elements, int elementsPerStep, ClipRange firstMinMax, ClipRange firstRange,
                          QuantParams firstParams, float minScale, float maxScale, int levelsUsed, double clippedShare,
                          double mse, float lsqStep, float lsqGradScale, float firstAlpha,
                          float minAlpha, float maxAlpha) {

        /** Qp, the largest positive level: qmax. */
        public int qp() {
            return firstParams.qmax();
        }
    }

    /**
     * The numbers of {@code grid} on {@code weights} (output channel first, {@code axis} its layout),
     * rounding with {@code rounding} (stochastic from seed 0) to count the levels used.
     */
    public static Numbers of(float[] weights, ChannelAxis axis, Grid grid, Rounding rounding) {
        QuantFormat format = grid.format();
        ErrorMetrics error;
        List<ClipRange> minMax;
        List<ClipRange> ranges;
        if (grid.perChannel()) {
            minMax = new RangeEstimator.MinMax().estimatePerChannel(weights, axis, format);
            ranges = grid.range() == Range.CLIP_RATIO ? shrunk(minMax, grid.clipRatio())
                    : grid.estimator().estimatePerChannel(weights, axis, format);
        } else {
            minMax = List.of(new RangeEstimator.MinMax().estimate(weights, format));
            ranges = grid.range() == Range.CLIP_RATIO ? shrunk(minMax, grid.clipRatio())
                    : List.of(grid.estimator().estimate(weights, format));
        }
        PerChannelParams params = PerChannelParams.fromRanges(ranges, format);
        error = grid.perChannel() ? ErrorMetrics.measure(weights, axis, params, rounding, 0L)
                : ErrorMetrics.measure(weights, params.channel(0), rounding, 0L);
        float[] scales = params.scales();
        float minScale = scales[0];
        float maxScale = scales[0];
        for (float s : scales) {
            minScale = Math.min(minScale, s);
            maxScale = Math.max(maxScale, s);
        }
        float[] alphas = meanAbsPerChannel(weights, axis);
        float minAlpha = alphas[0];
        float maxAlpha = alphas[0];
        for (float a : alphas) {
            minAlpha = Math.min(minAlpha, a);
            maxAlpha = Math.max(maxAlpha, a);
        }
        int qp = format.qmax();
        // LSQ starts from the STE grid (LsqWeights); Esser et al. 2019, section 2.2: the step's gradient
        // scaled by 1/sqrt(N·Qp), N the weights sharing the step (LsqWeights: a channel's per channel).
        int perStep = grid.perChannel() ? weights.length / axis.channels() : weights.length;
        float lsqStep = qp < 1 ? Float.NaN : params.channel(0).scale();
        float lsqGradScale = qp < 1 ? Float.NaN : LearnableFakeQuant.lsqGradFactor(perStep, qp);
        return new Numbers(axis.channels(), weights.length, perStep, minMax.get(0), ranges.get(0), params.channel(0), minScale,
                maxScale, error.levelsUsed(), error.clippedShare(), error.mse(), lsqStep, lsqGradScale,
                alphas[0], minAlpha, maxAlpha);
    }

    /** Binary's scale per output channel: α = mean |w| over the channel (XNOR-Net, Rastegari et al. 2016, eq. 4). */
    public static float[] meanAbsPerChannel(float[] weights, ChannelAxis axis) {
        float[] alphas = new float[axis.channels()];
        for (int c = 0; c < axis.channels(); c++) {
            alphas[c] = (float) meanAbs(axis.gather(weights, c));
        }
        return alphas;
    }

    private static double meanAbs(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += Math.abs(v);
        }
        return sum / values.length;
    }

    /** The min-max range times the clip ratio: [r·min, r·max]. */
    private static List<ClipRange> shrunk(List<ClipRange> minMax, double clipRatio) {
        List<ClipRange> out = new ArrayList<>(minMax.size());
        for (ClipRange r : minMax) {
            out.add(new ClipRange((float) (r.min() * clipRatio), (float) (r.max() * clipRatio)));
        }
        return out;
    }
}
