package io.quantlab.sweep;

import io.quantlab.ptq.PtqListener;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainProgress;

/**
 * One progress bar over a whole sweep, told to the job's listener: each phase is named with its
 * point and "phase i of n" ("W4 QAT: training (9/32)"), and the bar counts a step per
 * pipeline phase and per training batch, so a fine-tuning moves it as it trains. Every phase asks
 * the job's listener whether to stop, and so does every batch and every evaluation batch.
 */
final class SweepProgress {
    private final TrainListener job;
    private final int phases;
    private final long steps;
    private int phase;
    /** Steps of the phases before the current one, and the current one's. */
    private long done;
    private long current;
    private String name = "";

    /** {@code trainingSteps}: the batches of one fine-tuning, as the training loop counts them. */
    SweepProgress(TrainListener job, int widths, long trainingSteps) {
        this.job = job;
        this.phases = phases(widths);
        this.steps = BitWidthSweep.FP32_PHASES + (long) widths
                * (BitWidthSweep.PTQ_PHASES + 2 * (trainingSteps + BitWidthSweep.EVALUATION_PHASES));
    }

    /** Phases of a sweep of {@code widths} widths: the FP32 parent's, then each point's, a fine-tuning counting one. */
    static int phases(int widths) {
        return BitWidthSweep.FP32_PHASES
                + widths * (BitWidthSweep.PTQ_PHASES + 2 * (1 + BitWidthSweep.EVALUATION_PHASES));
    }

    int phases() {
        return phases;
    }

    long steps() {
        return steps;
    }

    /** Hears a {@link io.quantlab.ptq.PtqPipeline}'s phases of {@code point} ("fp32", "W4 ptq"). */
    PtqListener pipeline(String point) {
        return new PtqListener() {
            @Override
            public void phase(String pipelinePhase) {
                begin(point + ": " + pipelinePhase, 1);
            }

            @Override
            public boolean stopRequested() {
                return job.cancelRequested();
            }
        };
    }

    /** Hears the batches of one fine-tuning of {@code point}, {@code trainingSteps} of them, as one phase. */
    TrainListener training(String point, long trainingSteps) {
        begin(point + ": training", trainingSteps);
        return new TrainListener() {
            @Override
            public void progress(TrainProgress p) {
                long step = TrainProgress.TRAINING.equals(p.phase()) ? Math.min(p.step(), current) : 0;
                job.progress(new TrainProgress(name, done + step, steps, p.loss(), p.accuracy()));
            }

            @Override
            public boolean cancelRequested() {
                return job.cancelRequested();
            }
        };
    }

    private void begin(String what, long size) {
        done = Math.min(steps, done + current);
        current = size;
        phase++;
        name = what + " (" + phase + "/" + phases + ")"; // within job_progress.phase's 32 characters
        job.progress(new TrainProgress(name, done, steps, Double.NaN, Double.NaN));
    }
}
