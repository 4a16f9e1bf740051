package io.quantlab.web;

import io.quantlab.experiment.Experiment;
import java.util.List;

public record LeaderboardView(Page page, List<Experiment> entries) {
}
