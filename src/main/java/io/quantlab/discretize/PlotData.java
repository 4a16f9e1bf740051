package io.quantlab.discretize;

import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import io.quantlab.quant.Rounding;

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
                overlay(x, codes, params), transfer(Math.min(dataMin, r.clipMin()), Math.max(dataMax, r.clipMax()),
                        params, rounding),
                errorSeries(error), histogram(error, largest, scale));
    }

    private static Plots.Overlay overlay(float[] x, int[] codes, QuantParams params) {
        int[] index = Downsampling.minMaxIndices(x, Plots.MAX_POINTS);
        float[] original = new float[index.length];
        float[] quantized = new float[index.length];
        for (int k = 0; k < index.length; k++) {
            original[k] = x[index[k]];
            quantized[k] = (float) (codes[index[k]] - params.zeroPoint()) * params.scale();
        }
        return new Plots.Overlay(index, original, quantized);
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

    private static Plots.ErrorSeries errorSeries(float[] error) {
        int[] index = Downsampling.minMaxIndices(error, Plots.MAX_POINTS);
        float[] picked = new float[index.length];
        for (int k = 0; k < index.length; k++) {
            picked[k] = error[index[k]];
        }
        return new Plots.ErrorSeries(index, picked);
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
