package io.quantlab.experiment;

import io.quantlab.jobs.JobAttempt;
import io.quantlab.jobs.JobProgress;
import io.quantlab.jobs.JobTable;
import io.quantlab.jobs.ProgressStore;
import io.quantlab.train.EpochStats;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Hears every batch of a training and writes to the database about once a second (and at every
 * phase change) for the progress bar, plus every few training steps for the loss curve, as long as
 * its run is the experiment's run; answers "stop?" from the server shutting down, the time limit,
 * the cancel flag and the run being given up.
 */
final class ProgressRecorder implements TrainListener {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(1);
    /** Training steps kept for the loss curve, however short or fast the training: every k-th step. */
    static final int CURVE_POINTS = 200;

    /** Why the run was told to stop. */
    enum Stop { SHUTDOWN, TIME_LIMIT, CANCELLED, GONE }

    private final JobAttempt attempt;
    private final JobTable jobs;
    private final ProgressStore progress;
    private final BooleanSupplier stopping;
    private final Clock clock;
    private final Instant deadline;
    private final Duration timeLimit;
    private Instant lastReport = Instant.MIN;
    private Instant lastStateCheck = Instant.MIN;
    private String lastPhase = "";
    private Stop stop;
    private int seq;
    private long lastStep;
    private long lastSteps;

    ProgressRecorder(JobAttempt attempt, JobTable jobs, ProgressStore progress, BooleanSupplier stopping, Clock clock,
            Duration timeLimit) {
        this.attempt = attempt;
        this.jobs = jobs;
        this.progress = progress;
        this.stopping = stopping;
        this.clock = clock;
        this.deadline = clock.instant().plus(timeLimit);
        this.timeLimit = timeLimit;
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
            append(new JobProgress(p.phase(), p.step(), p.steps(), finiteOrNull(p.loss()), finiteOrNull(p.accuracy())));
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
        append(new JobProgress(JobProgress.EPOCH, lastStep, lastSteps, finiteOrNull(stats.trainLoss()),
                finiteOrNull(stats.trainAccuracy())));
        if (stats.validationAccuracy() != null) {
            append(new JobProgress(JobProgress.VALIDATION, lastStep, lastSteps, null,
                    finiteOrNull(stats.validationAccuracy())));
        }
    }

    private void append(JobProgress p) {
        int at = seq++;
        if (!jobs.whileCurrent(attempt, tx -> {
            progress.append(tx, attempt.id(), at, p);
            return null;
        })) {
            stop = Stop.GONE;
        }
    }

    /** Polled every batch: the shutdown flag and the deadline each time, the database about once a second. */
    @Override
    public boolean cancelRequested() {
        Instant now = clock.instant();
        if (stop != null) {
            return true;
        }
        if (stopping.getAsBoolean()) {
            stop = Stop.SHUTDOWN;
        } else if (now.isAfter(deadline)) {
            stop = Stop.TIME_LIMIT;
        } else if (Duration.between(lastStateCheck, now).compareTo(REPORT_EVERY) >= 0) {
            lastStateCheck = now;
            stop = switch (jobs.state(attempt)) {
                case CURRENT -> null;
                case CANCEL_REQUESTED -> Stop.CANCELLED;
                case GONE -> Stop.GONE;
            };
        }
        return stop != null;
    }

    /**
     * Ends the job as the stop it answered asks: failed by the time limit, or cancelled; left as it
     * is when the server stops (the queue puts it back) or another run has it.
     */
    void endStopped() {
        switch (stop) {
            case TIME_LIMIT -> jobs.fail(attempt, "stopped by the time limit of " + timeLimit.toMinutes() + " minutes");
            case CANCELLED -> jobs.cancel(attempt);
            case SHUTDOWN, GONE -> { }
        }
    }

    /** Why the run was told to stop; null while it was not. */
    Stop stop() {
        return stop;
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
