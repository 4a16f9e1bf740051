package io.quantlab.train;

/**
 * Counts of values in {@code counts.length} equal-width bins spanning [{@code min}, {@code max}]:
 * bin i holds values in [min + i·w, min + (i+1)·w), the last bin also holds {@code max}. When
 * all values are equal (min = max) they are all in bin 0. NaN and infinite values are not counted.
 */
public record Histogram(double min, double max, long[] counts) {

    /** Bins of weight and activation histograms in the training report. */
    public static final int BINS = 40;

    /** The histogram of all finite {@code values} over their own range; null when there are none. */
    public static Histogram of(float[] values, int bins) {
        Range range = new Range();
        range.add(values);
        if (range.isEmpty()) {
            return null;
        }
        Counter counter = new Counter(range.min(), range.max(), bins);
        counter.add(values);
        return counter.histogram();
    }

    /** Total of the counts. */
    public long total() {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return sum;
    }

    /** Running min and max of finite values, for a first pass when values come in batches. */
    public static final class Range {
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;

        public void add(float[] values) {
            for (float v : values) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }

        public boolean isEmpty() {
            return min > max;
        }

        public double min() {
            return min;
        }

        public double max() {
            return max;
        }
    }

    /** Counts values into fixed bins over a range known in advance (values outside are clamped). */
    public static final class Counter {
        private final double min;
        private final double max;
        private final long[] counts;

        public Counter(double min, double max, int bins) {
            if (bins < 1 || !(min <= max)) {
                throw new IllegalArgumentException("need bins >= 1 and min <= max, got " + bins + ", " + min + ", " + max);
            }
            this.min = min;
            this.max = max;
            this.counts = new long[bins];
        }

        public void add(float[] values) {
            int bins = counts.length;
            double width = max - min;
            for (float v : values) {
                if (!Float.isFinite(v)) {
                    continue;
                }
                int bin = width > 0 ? (int) Math.floor((v - min) / width * bins) : 0;
                counts[Math.max(0, Math.min(bins - 1, bin))]++;
            }
        }

        public Histogram histogram() {
            return new Histogram(min, max, counts.clone());
        }
    }
}
