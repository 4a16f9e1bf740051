package io.quantlab.web;

import io.quantlab.experiment.Experiment;
import io.quantlab.jobs.JobProgress;

/**
 * The live part of the experiment page, re-fetched by htmx until the experiment has finished.
 * {@code mayChange}: the viewer owns it (or is an administrator); an instructor's view of a
 * student's experiment is read-only.
 */
public record ExperimentStatusView(Experiment experiment, JobProgress progress, int queuePosition, PageJson curveJson,
        boolean mayChange, String csrfToken) {
    public boolean polling() {
        return !experiment.status().finished();
    }

    public boolean canCancel() {
        return mayChange && !experiment.status().finished() && !experiment.cancelRequested();
    }
}
