package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobTable;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import io.quantlab.train.TrainingCancelledException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs one queued training experiment on a worker thread and records how it ended. */
public final class TrainingRun {
    private final ExperimentStore experiments;
    private final ProgressStore progress;
    private final Trainer trainer;
    private final Duration timeLimit;

    public TrainingRun(ExperimentStore experiments, ProgressStore progress, Trainer trainer, Duration timeLimit) {
        this.experiments = experiments;
        this.progress = progress;
        this.trainer = trainer;
        this.timeLimit = timeLimit;
    }

    void run(JobAttempt attempt, BooleanSupplier stopping) {
        long id = attempt.id();
        Experiment experiment = experiments.find(id).orElseThrow();
        JobTable jobs = experiments.jobs();
        if (!jobs.whileCurrent(attempt, tx -> {
            progress.clear(tx, id);
            experiments.markStarted(tx, id);
            return null;
        })) {
            return;
        }
        ProgressRecorder recorder = new ProgressRecorder(attempt, jobs, progress, stopping, Clock.systemUTC(),
                timeLimit);
        try {
            TrainResult result = trainer.run(experiment.train(), recorder);
            experiments.finish(attempt, TrainMetrics.of(result), result.parameterBytes(), result.report());
        } catch (TrainingCancelledException e) {
            recorder.endStopped();
        } catch (InvalidInputException e) {
            jobs.fail(attempt, e.getMessage());
        }
    }
}
