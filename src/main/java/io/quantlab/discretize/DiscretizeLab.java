package io.quantlab.discretize;

import io.quantlab.quant.ClipRange;
import io.quantlab.quant.ErrorMetrics;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.RangeEstimator;
import java.util.List;

/**
 * Lab 1: quantize one signal at several bit widths and measure what each loses. Metrics use every
 * sample; only the charts are downsampled.
 */
public final class DiscretizeLab {

    private final ComputeGate gate;

    /** A lab that computes as many requests at once as there are cores. */
    public DiscretizeLab() {
        this(ComputeGate.perCore());
    }

    DiscretizeLab(ComputeGate gate) {
        this.gate = gate;
    }

    /**
     * The numbers of the JSON API.
     *
     * @throws io.quantlab.BusyException when other requests kept every slot for too long
     */
    public Comparison compare(DiscretizeSettings settings) {
        return gate.run(() -> {
            float[] x = settings.samples();
            return comparison(x, run(x, settings));
        });
    }

    /**
     * The page: the comparison plus charts, formulas and the outlier demo at {@code plotBits} (null: the default).
     *
     * @throws io.quantlab.BusyException when other requests kept every slot for too long
     */
    public LabRun explore(DiscretizeSettings settings, Integer plotBits) {
        return gate.run(() -> exploreNow(settings, plotBits));
    }

    private LabRun exploreNow(DiscretizeSettings settings, Integer plotBits) {
        float[] x = settings.samples();
        List<Quantized> runs = run(x, settings);
        int shown = plotBits != null && settings.bits().contains(plotBits) ? plotBits : defaultPlotBits(settings.bits());
        Quantized plotted = runs.get(settings.bits().indexOf(shown));
        return new LabRun(settings, comparison(x, runs), shown,
                PlotData.of(x, plotted, settings.rounding().rounding(), settings.seed()),
                Formulas.explain(settings, plotted),
                OutlierDemo.run(shown, settings.scheme(), settings.rounding().rounding(), settings.percentile(),
                        settings.seed()));
    }

    /** 4 bits when compared (coarse enough to see the steps, fine enough to follow the signal), else the smallest. */
    public static int defaultPlotBits(List<Integer> bits) {
        return bits.contains(4) ? 4 : bits.stream().min(Integer::compare).orElseThrow();
    }

    private static Comparison comparison(float[] x, List<Quantized> runs) {
        return new Comparison(x.length, runs.stream().map(Quantized::result).toList());
    }

    private static List<Quantized> run(float[] x, DiscretizeSettings s) {
        RangeEstimator estimator = s.range().estimator(s.percentile());
        ClipRange shared = s.range().sameRangeForEveryWidth()
                ? estimator.estimate(x, s.scheme().format(s.bits().get(0))) : null;
        // Widths are independent: one per core (the calling thread joins the common pool's workers).
        return s.bits().parallelStream().map(bits -> {
            QuantFormat format = s.scheme().format(bits);
            ClipRange range = shared != null ? shared : estimator.estimate(x, format);
            return measure(x, bits, range, format, s);
        }).toList();
    }

    private static Quantized measure(float[] x, int bits, ClipRange range, QuantFormat format, DiscretizeSettings s) {
        QuantParams params = QuantParams.fromRange(range, format);
        ErrorMetrics m = ErrorMetrics.measure(x, params, s.rounding().rounding(), s.seed());
        ClipRange scaled = Ranges.scaled(range, format.scheme());
        BitWidthResult result = new BitWidthResult(bits, params.scale(), params.zeroPoint(), params.qmin(),
                params.qmax(), scaled.min(), scaled.max(), params.levels(), m.levelsUsed(), m.clippedShare(), m.mse(),
                m.maxAbsError(), m.sqnrDb() == Double.POSITIVE_INFINITY ? null : m.sqnrDb());
        return new Quantized(result, range, params);
    }
}
