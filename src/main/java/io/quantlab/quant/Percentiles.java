package io.quantlab.quant;

import io.quantlab.InvalidInputException;
import java.util.Arrays;

/**
 * numpy.percentile with the default 'linear' method, computed in float64 on float32 data:
 * rank = p/100 * (n-1), then interpolate between the two neighbouring order statistics.
 *
 * <p>Order statistics are found by bucketing values into a fine histogram and sorting only the
 * buckets that hold the wanted ranks, so a million values cost three linear passes, not a sort.
 */
public final class Percentiles {
    private static final int BUCKETS = 1 << 16;
    private static final int SORT_BELOW = 4096;

    private Percentiles() {
    }

    public static double percentile(float[] values, double p) {
        return percentiles(values, false, p)[0];
    }

    /** Percentile of |x|, the clipping threshold symmetric schemes need. */
    public static double absPercentile(float[] values, double p) {
        return percentiles(values, true, p)[0];
    }

    /** Several percentiles in one pass over the data; {@code abs} takes them of |x|. */
    public static double[] percentiles(float[] values, boolean abs, double... ps) {
        Inputs.MinMax extremes = Inputs.finiteMinMax(values, "values");
        int n = values.length;
        long[] ranks = new long[ps.length * 2];
        for (int i = 0; i < ps.length; i++) {
            double p = ps[i];
            if (!(p >= 0 && p <= 100)) {
                throw new InvalidInputException("percentile", "percentile must be between 0 and 100, got " + p);
            }
            double rank = p / 100.0 * (n - 1);
            ranks[2 * i] = (long) Math.floor(rank);
            ranks[2 * i + 1] = (long) Math.ceil(rank);
        }
        double[] ordered = orderStatistics(values, abs, extremes, ranks);
        double[] out = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            double rank = ps[i] / 100.0 * (n - 1);
            out[i] = lerp(ordered[2 * i], ordered[2 * i + 1], rank - Math.floor(rank));
        }
        return out;
    }

    /** numpy's _lerp: a + (b-a)t, evaluated from b when t >= 0.5 so that t = 1 returns b exactly. */
    private static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** The values at the given 0-based ranks of the sorted data (of |x| when abs). */
    private static double[] orderStatistics(float[] values, boolean abs, Inputs.MinMax extremes, long[] ranks) {
        int n = values.length;
        double[] out = new double[ranks.length];
        if (n < SORT_BELOW) {
            float[] sorted = abs ? absCopy(values) : values.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < ranks.length; i++) {
                out[i] = sorted[(int) ranks[i]];
            }
            return out;
        }
        float lo = extremes.min();
        float hi = extremes.max();
        if (abs) {
            float largest = Math.max(-lo, hi);
            lo = lo >= 0 ? lo : hi <= 0 ? -hi : 0f;
            hi = largest;
        }
        if (lo == hi) {
            Arrays.fill(out, lo);
            return out;
        }
        // Bucket index is monotone in x (rounded subtraction and scaling preserve order), so every
        // value in a lower bucket is <= every value in a higher one.
        double toBucket = BUCKETS / ((double) hi - lo);
        int[] counts = new int[BUCKETS];
        for (float v : values) {
            counts[bucket(abs ? Math.abs(v) : v, lo, toBucket)]++;
        }
        int[] before = new int[BUCKETS];
        for (int b = 1; b < BUCKETS; b++) {
            before[b] = before[b - 1] + counts[b - 1];
        }
        int[] slotOfBucket = new int[BUCKETS];
        Arrays.fill(slotOfBucket, -1);
        int[] bucketOfRank = new int[ranks.length];
        int slots = 0;
        for (int i = 0; i < ranks.length; i++) {
            int b = bucketHolding(before, counts, ranks[i]);
            bucketOfRank[i] = b;
            if (slotOfBucket[b] < 0) {
                slotOfBucket[b] = slots++;
            }
        }
        float[][] members = new float[slots][];
        int[] filled = new int[slots];
        for (int b = 0; b < BUCKETS; b++) {
            if (slotOfBucket[b] >= 0) {
                members[slotOfBucket[b]] = new float[counts[b]];
            }
        }
        for (float v : values) {
            float x = abs ? Math.abs(v) : v;
            int slot = slotOfBucket[bucket(x, lo, toBucket)];
            if (slot >= 0) {
                members[slot][filled[slot]++] = x;
            }
        }
        for (float[] m : members) {
            Arrays.sort(m);
        }
        for (int i = 0; i < ranks.length; i++) {
            int b = bucketOfRank[i];
            out[i] = members[slotOfBucket[b]][(int) (ranks[i] - before[b])];
        }
        return out;
    }

    private static int bucket(float x, float lo, double toBucket) {
        int b = (int) (((double) x - lo) * toBucket);
        return Math.min(b, BUCKETS - 1);
    }

    private static int bucketHolding(int[] before, int[] counts, long rank) {
        int low = 0;
        int high = BUCKETS - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (before[mid] <= rank) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        // Skip empty buckets that share the same 'before' count.
        while (counts[low] == 0) {
            low--;
        }
        return low;
    }

    private static float[] absCopy(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.abs(values[i]);
        }
        return out;
    }
}
