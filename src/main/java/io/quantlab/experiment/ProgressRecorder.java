package io.quantlab.experiment;

import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.train.EpochStats;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Hears every batch of a training and writes to the database about once a second (and at every
 * phase change) for the progress bar, plus every few training steps for the loss curve; answers
 * "stop?" from the cancel flag and the time limit.
 */
final class ProgressRecorder implements TrainListener {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    /** Training steps kept for the loss curve, however short or fast the training: every k-th step. */
    static final int CURVE_POINTS = 200;

    private final long experimentId;
    private final ExperimentStore experiments;
    private final ProgressStore progress;
    private final Clock clock;
    private final Instant deadline;
    private Instant lastReport = Instant.MIN;
    private Instant lastCancelCheck = Instant.MIN;
    private String lastPhase = "";
    private boolean cancelled;
    private boolean timedOut;
    private int seq;
    private long lastStep;
    private long lastSteps;

    ProgressRecorder(long experimentId, ExperimentStore experiments, ProgressStore progress, Clock clock,
            Duration timeLimit) {
        this.experimentId = experimentId;
        this.experiments = experiments;
        this.progress = progress;
        this.clock = clock;
        this.deadline = clock.instant().plus(timeLimit);
    }

    @Override
    public void progress(TrainProgress p) {
        Instant now = clock.instant();
        if (TrainProgress.TRAINING.equals(p.phase())) {
            lastStep = p.step();
            lastSteps = p.steps();
        }
        boolean phaseChanged = !p.phase().equals(lastPhase);
        boolean phaseDone = p.steps() > 0 && p.step() >= p.steps();
        if (phaseChanged || phaseDone || onTheCurve(p) || Duration.between(lastReport, now).compareTo(REPORT_EVERY) >= 0) {
            progress.append(experimentId, seq++, new JobProgress(p.phase(), p.step(), p.steps(),
                    finiteOrNull(p.loss()), finiteOrNull(p.accuracy())));
            lastReport = now;
            lastPhase = p.phase();
        }
    }

    private static boolean onTheCurve(TrainProgress p) {
        long every = Math.max(1, (p.steps() + CURVE_POINTS - 1) / CURVE_POINTS);
        return TrainProgress.TRAINING.equals(p.phase()) && p.step() % every == 0;
    }

    /** Epoch ends go in as their own rows, placed at the last batch step so charts can overlay them. */
    @Override
    public void epochDone(EpochStats stats) {
        progress.append(experimentId, seq++, new JobProgress(JobProgress.EPOCH, lastStep, lastSteps,
                finiteOrNull(stats.trainLoss()), finiteOrNull(stats.trainAccuracy())));
        if (stats.validationAccuracy() != null) {
            progress.append(experimentId, seq++, new JobProgress(JobProgress.VALIDATION, lastStep, lastSteps, null,
                    finiteOrNull(stats.validationAccuracy())));
        }
    }

    @Override
    public boolean cancelRequested() {
        Instant now = clock.instant();
        if (now.isAfter(deadline)) {
            timedOut = true;
            return true;
        }
        if (!cancelled && Duration.between(lastCancelCheck, now).compareTo(REPORT_EVERY) >= 0) {
            cancelled = experiments.cancelRequested(experimentId);
            lastCancelCheck = now;
        }
        return cancelled;
    }

    boolean timedOut() {
        return timedOut;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
