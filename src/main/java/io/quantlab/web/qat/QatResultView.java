package io.quantlab.web.qat;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.QatMetrics;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;

/** A QAT experiment's page; {@code parent} null when no longer visible, {@code metrics} null until done. */
public record QatResultView(Page page, Experiment experiment, ExperimentConfig.Qat config, Experiment parent,
        ExperimentStatusView status, QatMetrics metrics) {
}
