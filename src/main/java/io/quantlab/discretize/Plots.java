package io.quantlab.discretize;

/**
 * What the lab's charts draw for one bit width, small enough to embed in the page. Over the sample
 * index the charts show a window of the first samples, every one of them, beside the envelope of all
 * samples; the histogram counts every sample.
 *
 * @param clip           [α, β], marked on the transfer curve
 * @param representable  the grid's ends, Δ(qmin − z) and Δ(qmax − z)
 * @param stochastic     the transfer curve then shows rounding to nearest, the mean of stochastic rounding
 */
public record Plots(int bits, int n, float scale, float[] clip, float[] representable, boolean stochastic,
        Window window, Envelope signal, Envelope error, Curve transfer, Histogram histogram) {
    /** Samples drawn one by one: a few hundred, so each step of x̂ is a few pixels wide. */
    public static final int WINDOW = 200;
    public static final int ENVELOPE_BUCKETS = 500;
    public static final int TRANSFER_POINTS = 1001;
    public static final int HISTOGRAM_BINS = 41;

    /** Samples 0, 1, … (at most {@link #WINDOW}): original x, quantized x̂ and the error x̂ − x. */
    public record Window(float[] original, float[] quantized, float[] error) {
    }

    /** Per stretch of samples starting at {@code start[k]}: the smallest and the largest value. */
    public record Envelope(int[] start, float[] min, float[] max) {
    }

    public record Curve(float[] x, float[] y) {
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
