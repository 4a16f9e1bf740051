package io.quantlab.discretize;

import io.quantlab.quant.RangeEstimator;

/** How the clipping range [α, β] is chosen: the lab's names for the core's estimators. */
public enum RangeMethod implements Named {
    MINMAX("minmax", "min-max"),
    PERCENTILE("percentile", "percentile"),
    MSE("mse", "MSE search"),
    KL("kl", "KL entropy (TensorRT)"),
    HISTOGRAM("histogram", "histogram search (PyTorch)");

    private final Names names;

    RangeMethod(String label, String title) {
        this.names = new Names(label, title);
    }

    @Override
    public Names names() {
        return names;
    }

    /** {@code percentile} is only read by {@link #PERCENTILE}. */
    public RangeEstimator estimator(double percentile) {
        return switch (this) {
            case MINMAX -> new RangeEstimator.MinMax();
            case PERCENTILE -> new RangeEstimator.Percentile(percentile);
            case MSE -> new RangeEstimator.MseSearch();
            case KL -> new RangeEstimator.KlEntropy();
            case HISTOGRAM -> new RangeEstimator.HistogramSearch();
        };
    }

    /** Min-max and percentile look only at the values, not at the grid: one range serves every bit width. */
    public boolean sameRangeForEveryWidth() {
        return this == MINMAX || this == PERCENTILE;
    }
}
