package io.quantlab.web;

import io.quantlab.train.TrainReport;
import java.util.List;

/**
 * The inspection part of a finished experiment page: epochs, per-class accuracy, confusion
 * matrix, latency, per-layer table and histograms, early exit, the model diagram.
 * {@code chartJson} carries what the charts draw; {@code diagram} may be null.
 */
public record ReportView(TrainReport report, List<String> classNames, PageJson chartJson, ModelDiagram diagram) {
    /** How many test images of class {@code trueClass} there are. */
    public long rowTotal(int trueClass) {
        long total = 0;
        for (long c : report.confusionMatrix()[trueClass]) {
            total += c;
        }
        return total;
    }

    /** Cell shading: the share of the row, as an opacity 0–1 (blue on the diagonal, red elsewhere). */
    public String cellStyle(int trueClass, int predicted) {
        long total = rowTotal(trueClass);
        double share = total == 0 ? 0 : (double) report.confusionMatrix()[trueClass][predicted] / total;
        String rgb = trueClass == predicted ? "29, 78, 216" : "220, 38, 38";
        double alpha = trueClass == predicted ? share : Math.min(1.0, share * 3);
        return String.format(java.util.Locale.ROOT, "background: rgba(%s, %.3f); color: %s", rgb, alpha,
                alpha > 0.55 ? "#fff" : "inherit");
    }

    /** Whether the confusion matrix is small enough to show as a table (CIFAR-100 is not). */
    public boolean confusionFits() {
        return report.confusionMatrix() != null && report.confusionMatrix().length <= 20;
    }
}
