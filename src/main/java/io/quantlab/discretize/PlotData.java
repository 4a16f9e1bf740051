package io.quantlab.discretize;

import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import io.quantlab.quant.Rounding;
import java.util.Arrays;

/** Builds {@link Plots} from the samples and one bit width's parameters. */
final class PlotData {
    private PlotData() {
    }

    /** {@code rounding} and {@code seed} as for the metrics, so the charts show the same codes. */
    static Plots of(float[] x, Quantized q, Rounding rounding, long seed) {
        QuantParams params = q.params();
        int[] codes = Quantizer.quantize(x, params, rounding, seed);
        float scale = params.scale();
        int zeroPoint = params.zeroPoint();
        float[] error = new float[x.length];
        float dataMin = x[0];
        float dataMax = x[0];
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
            error[i] = (float) (codes[i] - zeroPoint) * scale - x[i];
            dataMin = Math.min(dataMin, x[i]);
            dataMax = Math.max(dataMax, x[i]);
            largest = Math.max(largest, Math.abs(error[i]));
        }
        BitWidthResult r = q.result();
        return new Plots(r.bits(), x.length, scale, new float[] {r.clipMin(), r.clipMax()},
                new float[] {params.representableMin(), params.representableMax()}, rounding == Rounding.STOCHASTIC,
                window(x, codes, error, params), envelope(x, Plots.ENVELOPE_BUCKETS),
                envelope(error, Plots.ENVELOPE_BUCKETS),
                transfer(Math.min(dataMin, r.clipMin()), Math.max(dataMax, r.clipMax()), params, rounding),
                histogram(error, largest, scale));
    }

    /** The first {@link Plots#WINDOW} samples, every one of them, so single steps and errors can be seen. */
    private static Plots.Window window(float[] x, int[] codes, float[] error, QuantParams params) {
        int length = Math.min(x.length, Plots.WINDOW);
        float[] quantized = new float[length];
        for (int i = 0; i < length; i++) {
            quantized[i] = (float) (codes[i] - params.zeroPoint()) * params.scale();
        }
        return new Plots.Window(Arrays.copyOf(x, length), quantized, Arrays.copyOf(error, length));
    }

    /**
     * The series cut into at most {@code buckets} equal stretches, each drawn as its minimum and maximum:
     * spikes and the global extremes survive however long the series is.
     */
    static Plots.Envelope envelope(float[] series, int buckets) {
        int n = series.length;
        int count = Math.min(n, buckets);
        int[] start = new int[count];
        float[] min = new float[count];
        float[] max = new float[count];
        for (int b = 0; b < count; b++) {
            int from = (int) ((long) b * n / count);
            int to = (int) ((long) (b + 1) * n / count);
            start[b] = from;
            min[b] = series[from];
            max[b] = series[from];
            for (int i = from + 1; i < to; i++) {
                min[b] = Math.min(min[b], series[i]);
                max[b] = Math.max(max[b], series[i]);
            }
        }
        return new Plots.Envelope(start, min, max);
    }

    /** x̂(x) on an even grid a little wider than the data and [α, β], so clipping shows as flat ends. */
    private static Plots.Curve transfer(float lo, float hi, QuantParams params, Rounding rounding) {
        double width = (double) hi - lo;
        double pad = width > 0 ? 0.1 * width : Math.max(1, Math.abs(lo));
        double from = lo - pad;
        double step = (width + 2 * pad) / (Plots.TRANSFER_POINTS - 1);
        float[] x = new float[Plots.TRANSFER_POINTS];
        for (int i = 0; i < x.length; i++) {
            // Clamped so huge pasted values cannot push the grid to ±∞.
            x[i] = (float) Math.max(-Float.MAX_VALUE, Math.min(Float.MAX_VALUE, from + i * step));
        }
        Rounding shown = rounding == Rounding.STOCHASTIC ? Rounding.HALF_TO_EVEN : rounding;
        return new Plots.Curve(x, Quantizer.fakeQuantize(x, params, shown, 0L));
    }

    private static Plots.Histogram histogram(float[] error, double largest, double scale) {
        if (largest == 0) {
            return new Plots.Histogram(0, 0, new long[] {error.length}, 0, 0);
        }
        // Rounding error lies within ±Δ/2 (±Δ for floor and stochastic); a few clipped samples would squeeze it into one bin.
        double bound = Math.min(largest, scale);
        int bins = Plots.HISTOGRAM_BINS;
        double width = 2 * bound / bins;
        long[] counts = new long[bins];
        long below = 0;
        long above = 0;
        for (float e : error) {
            if (e < -bound) {
                below++;
            } else if (e > bound) {
                above++;
            } else {
                counts[Math.min(bins - 1, (int) ((e + bound) / width))]++;
            }
        }
        return new Plots.Histogram(-bound, width, counts, below, above);
    }
}
