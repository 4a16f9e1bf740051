package io.quantlab.experiment;

import io.quantlab.jobs.JobAttempt;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;

/** The work of a training experiment: trains its model and stores the result. */
public final class TrainingRun {
    private final ExperimentStore experiments;
    private final Trainer trainer;

    public TrainingRun(ExperimentStore experiments, Trainer trainer) {
        this.experiments = experiments;
        this.trainer = trainer;
    }

    /** @throws io.quantlab.train.TrainingCancelledException when {@code recorder} asked it to stop */
    void run(JobAttempt attempt, Experiment experiment, ProgressRecorder recorder) {
        TrainResult result = trainer.run(experiment.train(), recorder);
        experiments.finish(attempt, TrainMetrics.of(result), result.parameterBytes(), result.report());
    }
}
