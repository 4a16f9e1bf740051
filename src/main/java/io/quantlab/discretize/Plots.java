package io.quantlab.discretize;

/**
 * What the lab's four charts draw for one bit width, small enough to embed in the page. Series over
 * the sample index are downsampled (see {@link Downsampling}); the histogram counts every sample.
 *
 * @param clip           [α, β], marked on the transfer curve
 * @param representable  the grid's ends, Δ(qmin − z) and Δ(qmax − z)
 * @param stochastic     the transfer curve then shows rounding to nearest, the mean of stochastic rounding
 */
public record Plots(int bits, int n, float scale, float[] clip, float[] representable, boolean stochastic,
        Overlay overlay, Curve transfer, ErrorSeries error, Histogram histogram) {
    public static final int MAX_POINTS = 2000;
    public static final int TRANSFER_POINTS = 1001;
    public static final int HISTOGRAM_BINS = 41;

    /** Original and quantized values at the same sample indices. */
    public record Overlay(int[] index, float[] original, float[] quantized) {
    }

    public record Curve(float[] x, float[] y) {
    }

    /** x̂ − x at sample indices. */
    public record ErrorSeries(int[] index, float[] error) {
    }

    /**
     * Counts of x̂ − x in equal bins starting at {@code from}, over at most ±Δ so rounding error stays
     * visible; {@code below} and {@code above} count the errors beyond (clipping). A single bin of
     * width 0 when every error is 0.
     */
    public record Histogram(double from, double width, long[] counts, long below, long above) {
        public long beyond() {
            return below + above;
        }
    }
}
