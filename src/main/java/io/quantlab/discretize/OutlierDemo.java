package io.quantlab.discretize;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.ErrorMetrics;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.RangeEstimator;
import io.quantlab.quant.Rounding;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seminar notebook's outlier demo: N(0, 1) samples plus one large value, quantized with min-max
 * and with a percentile range. Min-max keeps the outlier and stretches Δ for everyone; the
 * percentile clips the outlier and keeps the other samples fine.
 *
 * @param inliers number of normal samples; the outlier is one more
 */
public record OutlierDemo(int bits, int inliers, float outlier, String scheme, List<Row> rows) {
    public static final int INLIERS = 1000;
    public static final float OUTLIER = 100f;

    /**
     * @param mseAll       over all samples, the outlier included
     * @param mseInliers   over the normal samples alone
     * @param outlierError |x − x̂| of the outlier
     */
    public record Row(String method, float clipMin, float clipMax, float scale, double mseAll, double mseInliers,
            double outlierError) {
    }

    public static OutlierDemo run(int bits, SchemeOption scheme, Rounding rounding, double percentile, long seed) {
        float[] inliers = new float[INLIERS];
        Signal.gaussian(inliers, new SplittableRandom(seed));
        // The outlier comes last, so stochastic rounding draws the same numbers for the inliers in both measurements.
        float[] all = Arrays.copyOf(inliers, INLIERS + 1);
        all[INLIERS] = OUTLIER;
        QuantFormat format = scheme.format(bits);
        return new OutlierDemo(bits, INLIERS, OUTLIER, scheme.label(), List.of(
                row("min-max", new RangeEstimator.MinMax(), all, inliers, format, rounding, seed),
                row("percentile " + NumberText.of(percentile), new RangeEstimator.Percentile(percentile), all, inliers,
                        format, rounding, seed)));
    }

    private static Row row(String method, RangeEstimator estimator, float[] all, float[] inliers, QuantFormat format,
            Rounding rounding, long seed) {
        ClipRange range = estimator.estimate(all, format);
        QuantParams params = QuantParams.fromRange(range, format);
        ErrorMetrics withOutlier = ErrorMetrics.measure(all, params, rounding, seed);
        ErrorMetrics without = ErrorMetrics.measure(inliers, params, rounding, seed);
        double outlierSquared = withOutlier.mse() * all.length - without.mse() * inliers.length;
        ClipRange clip = Ranges.scaled(range, format.scheme());
        return new Row(method, clip.min(), clip.max(), params.scale(), withOutlier.mse(), without.mse(),
                Math.sqrt(Math.max(0, outlierSquared)));
    }

    public Row minMax() {
        return rows.get(0);
    }

    public Row percentile() {
        return rows.get(1);
    }
}
