package io.quantlab.experiment;

import io.quantlab.InvalidInputException;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobKind;
import io.quantlab.jobs.JobQueue;
import io.quantlab.jobs.JobTable;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.ptq.PtqStoppedException;
import io.quantlab.train.TrainProgress;
import io.quantlab.train.TrainingCancelledException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The one job kind of every experiment: one queue name and one table, so queue positions,
 * per-user limits, cancelling, time limits and restarts serve every kind alike. A job starts its
 * progress trace, runs the work of its row's {@link ExperimentKind} and records how it ended;
 * one whose identical twin is already done takes that result instead of running, and one whose
 * identical twin requested earlier is running waits for that result.
 */
public final class ExperimentJob {
    /** The progress phase of a job waiting for its identical twin's result. */
    public static final String WAITING_FOR_TWIN = "waiting for an identical run";
    private static final Duration TWIN_POLL = Duration.ofMillis(500);
    private final ExperimentStore experiments;
    private final ProgressStore progress;
    private final Duration timeLimit;
    private final TrainingRun training;
    private final PtqRun ptq;
    private final QatRun qat;
    private final SweepRun sweep;
    private final MixedPrecisionRun mixedPrecision;

    public ExperimentJob(ExperimentStore experiments, ProgressStore progress, Duration timeLimit, TrainingRun training,
                         PtqRun ptq, QatRun qat, SweepRun sweep, MixedPrecisionRun mixedPrecision) {
        this.experiments = experiments;
        this.progress = progress;
        this.timeLimit = timeLimit;
        this.training = training;
        this.ptq = ptq;
        this.qat = qat;
        this.sweep = sweep;
        this.mixedPrecision = mixedPrecision;
    }

    public JobKind kind() {
        return new JobKind(JobQueue.EXPERIMENT, experiments.jobs(), this::run);
    }

    private void run(JobAttempt attempt, BooleanSupplier stopping) {
        long id = attempt.id();
        Experiment experiment = experiments.find(id).orElseThrow();
        Optional<Long> twin = experiments.doneTwinOf(id);
        if (twin.isPresent()) {
            experiments.finishAsCopyOf(attempt, twin.get()); // another student's identical request finished first
            return;
        }
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
            if (awaitEarlierTwin(id, recorder)) {
                Optional<Long> done = experiments.doneTwinOf(id);
                if (done.isPresent()) {
                    experiments.finishAsCopyOf(attempt, done.get());
                    return;
                }
            }
            switch (experiment.kind()) {
                case TRAIN -> training.run(attempt, experiment, recorder);
                case PTQ, PTQ_VARIANTS -> ptq.run(attempt, experiment, recorder);
                case QAT -> qat.run(attempt, experiment, recorder);
                case SWEEP -> sweep.run(attempt, experiment, recorder);
                case MIXED_PRECISION -> mixedPrecision.run(attempt, experiment, recorder);
            }
        } catch (TrainingCancelledException | PtqStoppedException e) {
            recorder.endStopped();
        } catch (InvalidInputException e) {
            jobs.fail(attempt, e.getMessage());
        }
    }

    /**
     * While an identical experiment requested earlier is running, waits for it instead of computing
     * the same result beside it (thirty students pressing the same button run it once); true when
     * there was one to wait for. Throws as a run does when asked to stop.
     */
    private boolean awaitEarlierTwin(long id, ProgressRecorder recorder) {
        Optional<Long> twin = experiments.earlierRunningTwinOf(id);
        if (twin.isEmpty()) {
            return false;
        }
        recorder.progress(new TrainProgress(WAITING_FOR_TWIN, 0, 0, Double.NaN, Double.NaN));
        while (twin.isPresent()) {
            if (recorder.cancelRequested()) {
                throw new TrainingCancelledException();
            }
            try {
                Thread.sleep(TWIN_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrainingCancelledException();
            }
            twin = experiments.earlierRunningTwinOf(id);
        }
        return true;
    }
}
