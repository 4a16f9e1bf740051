package io.quantlab.train;

/**
 * Tallies, image by image, what an early-exit model would do at a confidence threshold: take the
 * early exit's prediction when its top softmax probability reaches the threshold, else the main
 * classifier's (as in BranchyNet, Teerapittayanon et al. 2016, with max-probability confidence).
 */
public final class EarlyExitCounter {

    private final double threshold;
    private long images;
    private long exited;
    private long correct;
    private long mainCorrect;
    private long earlyCorrect;

    public EarlyExitCounter(double threshold) {
        this.threshold = threshold;
    }

    public void add(int label, int mainPrediction, int earlyPrediction, double earlyConfidence) {
        images++;
        boolean exits = earlyConfidence >= threshold;
        if (exits) {
            exited++;
        }
        if ((exits ? earlyPrediction : mainPrediction) == label) {
            correct++;
        }
        if (mainPrediction == label) {
            mainCorrect++;
        }
        if (earlyPrediction == label) {
            earlyCorrect++;
        }
    }

    /**
     * The report, with {@code macsEarly} the cost of an image that leaves early and
     * {@code macsFull} of one that does not.
     */
    public EarlyExitReport report(long macsEarly, long macsFull) {
        double share = images == 0 ? 0 : (double) exited / images;
        return new EarlyExitReport(threshold, share, percent(correct), percent(mainCorrect), percent(earlyCorrect),
                macsEarly, macsFull, share * macsEarly + (1 - share) * macsFull);
    }

    private double percent(long count) {
        return images == 0 ? 0 : 100.0 * count / images;
    }
}
