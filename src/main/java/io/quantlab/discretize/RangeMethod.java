package io.quantlab.discretize;

import io.quantlab.quant.RangeEstimator;

/** How the clipping range [α, β] is chosen: the lab's names for the core's estimators. */
public enum RangeMethod implements Named {
    MINMAX("minmax", "min-max"),
    PERCENTILE("percentile", "percentile"),
    MSE("mse", "MSE search"),
    KL("kl", "KL entropy (TensorRT)"),
    HISTOGRAM("histogram", "histogram search (PyTorch)");

    private final String label;
    private final String title;

    RangeMethod(String label, String title) {
        this.label = label;
        this.title = title;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public String title() {
        return title;
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
