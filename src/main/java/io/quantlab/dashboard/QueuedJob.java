package io.quantlab.dashboard;

import io.quantlab.experiment.Experiment;
import io.quantlab.jobs.JobProgress;

/** A student's experiment waiting or running: its latest progress and its place in the queue (0 once running). */
public record QueuedJob(Experiment experiment, JobProgress progress, int queuePosition) {
}
