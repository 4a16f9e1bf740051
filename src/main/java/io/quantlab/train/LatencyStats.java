package io.quantlab.train;

import java.util.Arrays;

/** Wall-clock milliseconds of repeated forward passes after warm-up: median and 90th percentile. */
public record LatencyStats(double medianMs, double p90Ms, int runs) {

    /** Summarizes {@code millis} (one value per timed run; not modified). */
    public static LatencyStats of(double[] millis) {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timed runs");
        }
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new LatencyStats(percentile(sorted, 0.5), percentile(sorted, 0.9), sorted.length);
    }

    /**
     * The {@code p}-quantile of sorted values, interpolating linearly between the two nearest
     * ranks (numpy's default "linear" method): position p·(n − 1).
     */
    static double percentile(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = position - below;
        return sorted[below] + fraction * (sorted[above] - sorted[below]);
    }
}
