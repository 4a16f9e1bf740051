package io.quantlab.train;

/**
 * Stops training when validation accuracy has not improved for {@code patience} epochs in a row
 * (improved = strictly above the best so far). The parameters kept are the last epoch's.
 */
public final class EarlyStopping {

    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int epochsWithoutImprovement;

    /** {@code patience} 0 never stops. */
    public EarlyStopping(int patience) {
        this.patience = patience;
    }

    /** Records one epoch's validation accuracy; true when training should stop now. */
    public boolean shouldStop(double validationAccuracy) {
        if (validationAccuracy > best) {
            best = validationAccuracy;
            epochsWithoutImprovement = 0;
            return false;
        }
        epochsWithoutImprovement++;
        return patience > 0 && epochsWithoutImprovement >= patience;
    }

    public double best() {
        return best;
    }
}
