package io.quantlab.web.sweep;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.SweepMetrics;
import io.quantlab.sweep.SweepPoint;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;
import java.util.List;

/**
 * A sweep's page; {@code parent} null when no longer visible; {@code metrics}, {@code chartJson}
 * (the accuracy chart and the histograms, for sweep.js) null until done; {@code layers} the
 * layers with histograms and {@code widths} the widths they were kept at, empty without them.
 */
public record SweepResultView(Page page, Experiment experiment, ExperimentConfig.Sweep config, Experiment parent,
        ExperimentStatusView status, SweepMetrics metrics, PageJson chartJson, List<String> layers,
        List<Integer> widths) {

    public String methodName(SweepPoint p) {
        return config.methodName(p.method());
    }

    /** A point's accuracy minus FP32's, judged as the board judges it: deployed where deployed, else simulated. */
    public double delta(SweepPoint p) {
        return p.comparedAccuracy() - metrics.fp32Accuracy();
    }
}
