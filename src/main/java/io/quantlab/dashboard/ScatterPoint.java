package io.quantlab.dashboard;

import io.quantlab.experiment.ExperimentResult;

/** One result of the class scatter: accuracy against size, its method for the colour, its experiment for the link. */
public record ScatterPoint(long id, String who, String dataset, String model, String method, String bits,
                           double accuracy, long sizeBytes, boolean simulated) {

    static ScatterPoint of(io.quantlab.experiment.Experiment e, ExperimentResult r) {
        return new ScatterPoint(e.id(), e.ownerName(), e.config().dataset(), e.config().model(), r.method(), r.bits(),
                r.accuracy(), r.sizeBytes(), r.simulated());
    }
}
