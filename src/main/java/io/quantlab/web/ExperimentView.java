package io.quantlab.web;

import io.quantlab.experiment.Experiment;

public record ExperimentView(Page page, Experiment experiment, ExperimentStatusView status) {
}
