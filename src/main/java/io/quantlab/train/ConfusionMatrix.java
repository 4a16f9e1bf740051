package io.quantlab.train;

/** Counts of (true class, predicted class) pairs, and the accuracies that follow from them. */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        counts = new long[classes][classes];
    }

    public void add(int trueClass, int predicted) {
        counts[trueClass][predicted]++;
    }

    public void add(int[] trueClasses, int[] predicted) {
        if (trueClasses.length != predicted.length) {
            throw new IllegalArgumentException(trueClasses.length + " labels but " + predicted.length + " predictions");
        }
        for (int i = 0; i < trueClasses.length; i++) {
            add(trueClasses[i], predicted[i]);
        }
    }

    /** A copy of the counts, {@code [true][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Percent of all counted images predicted right (the diagonal); 0 when nothing was counted. */
    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        long total = total();
        return total == 0 ? 0 : 100.0 * correct / total;
    }

    /** Per true class, percent of its images predicted right (recall); 0 for a class never seen. */
    public double[] perClassAccuracy() {
        double[] result = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            long row = 0;
            for (long c : counts[i]) {
                row += c;
            }
            result[i] = row == 0 ? 0 : 100.0 * counts[i][i] / row;
        }
        return result;
    }
}
