package io.quantlab.discretize;

import java.util.Arrays;

/**
 * Picks at most a few thousand indices of a long series for a chart: the series is cut into equal
 * buckets and each bucket keeps its minimum and its maximum, so spikes and the global extremes
 * survive (the min-max decimation chart libraries use).
 */
public final class Downsampling {
    private Downsampling() {
    }

    /** Ascending indices into {@code series}; all of them when there are at most {@code maxPoints}. */
    public static int[] minMaxIndices(float[] series, int maxPoints) {
        int n = series.length;
        if (maxPoints < 2) {
            throw new IllegalArgumentException("need at least 2 points, got " + maxPoints);
        }
        if (n <= maxPoints) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int buckets = maxPoints / 2;
        int[] out = new int[buckets * 2];
        int count = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++) {
                if (series[i] < series[low]) {
                    low = i;
                }
                if (series[i] > series[high]) {
                    high = i;
                }
            }
            out[count++] = Math.min(low, high);
            if (low != high) {
                out[count++] = Math.max(low, high);
            }
        }
        return Arrays.copyOf(out, count);
    }
}
