package io.quantlab.web;

import io.quantlab.experiment.Experiment;
import java.util.List;

public record ExperimentListView(Page page, List<Experiment> experiments) {
}
