package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import io.quantlab.train.TrainingCancelledException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one queued training experiment on a worker thread and records how it ended. */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

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

    public void run(long experimentId) {
        Optional<Experiment> found = experiments.find(experimentId);
        if (found.isEmpty() || !experiments.markRunning(experimentId)) {
            return; // deleted, cancelled while queued, or already finished by an earlier attempt
        }
        Experiment experiment = found.get();
        progress.clear(experimentId);
        ProgressRecorder recorder = new ProgressRecorder(experimentId, experiments, progress, Clock.systemUTC(),
                timeLimit);
        try {
            TrainResult result = trainer.run(experiment.config(), recorder);
            experiments.finish(experimentId, TrainMetrics.of(result), result.parameterBytes(), result.report());
        } catch (TrainingCancelledException e) {
            if (recorder.timedOut()) {
                experiments.end(experimentId, ExperimentStatus.FAILED,
                        "stopped by the time limit of " + timeLimit.toMinutes() + " minutes");
            } else {
                experiments.end(experimentId, ExperimentStatus.CANCELLED, null);
            }
        } catch (InvalidInputException e) {
            experiments.end(experimentId, ExperimentStatus.FAILED, e.getMessage());
        } catch (RuntimeException | OutOfMemoryError e) {
            LOG.error("experiment {} failed", experimentId, e);
            experiments.end(experimentId, ExperimentStatus.FAILED, "training failed: " + e);
        }
    }
}
