package io.quantlab.web;

import io.quantlab.experiment.Experiment;
import io.quantlab.jobs.JobProgress;

/** The live part of the experiment page, re-fetched by htmx until the experiment has finished. */
public record ExperimentStatusView(Experiment experiment, JobProgress progress, int queuePosition, PageJson curveJson,
        boolean canCancel, String csrfToken) {
    public boolean polling() {
        return !experiment.status().finished();
    }
}
