package io.quantlab.web.ptq;

import io.quantlab.experiment.Experiment;
import io.quantlab.experiment.ExperimentConfig;
import io.quantlab.experiment.PtqVariantsMetrics;
import io.quantlab.web.ExperimentStatusView;
import io.quantlab.web.Page;
import io.quantlab.web.PageJson;

/** The four-variant PTQ job's page; {@code parent} null when no longer visible, {@code metrics} null until done. */
public record PtqVariantsView(Page page, Experiment experiment, ExperimentConfig.PtqVariants config, Experiment parent,
        ExperimentStatusView status, PtqVariantsMetrics metrics, PageJson chartJson) {
}
