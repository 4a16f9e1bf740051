package io.quantlab.experiment;

import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.mixed.GreedyBitSearch;
import io.quantlab.mixed.MixedPrecisionConfig;
import io.quantlab.mixed.MixedPrecisionSearch;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;

/**
 * Runs one queued mixed-precision fine-tuning: searches each layer's weight width for the size
 * budget ({@link MixedPrecisionSearch}), measures the PTQ model at those widths, then fine-tunes
 * with them as a QAT job does ({@link QatRun#fineTune}) and stores both with the search.
 */
public final class MixedPrecisionRun {
    /** The phase of the accuracy at the chosen widths before fine-tuning. */
    public static final String BEFORE_FINE_TUNING = "evaluating before fine-tuning";

    private final ExperimentStore experiments;
    private final Datasets datasets;

    public MixedPrecisionRun(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /**
     * @throws io.quantlab.train.TrainingCancelledException or {@link io.quantlab.ptq.PtqStoppedException}
     *     when {@code recorder} asked it to stop
     */
    void run(JobAttempt attempt, Experiment experiment, ProgressRecorder recorder) {
        long start = System.nanoTime();
        MixedPrecisionConfig config = ((ExperimentConfig.MixedPrecision) experiment.config()).mixed();
        ParentTraining parent = ParentTraining.of(experiment, experiments, datasets);
        PtqListener listener = PtqRun.listener(recorder, MixedPrecisionSearch.phases(config) + 1);
        MixedPrecisionSearch.Outcome found = MixedPrecisionSearch.run(parent.spec(), parent.parameters(),
                parent.data(), config, listener);
        GreedyBitSearch.Result search = found.search();
        listener.phase(BEFORE_FINE_TUNING);
        double before = new PtqPipeline(parent.spec(), parent.parameters(), parent.data())
                .simulatedAccuracy(found.chosen(), listener);
        QatRun.FineTuned done = QatRun.fineTune(parent, config.fineTuning(search.bits()), recorder, start);
        MixedPrecisionMetrics metrics = new MixedPrecisionMetrics(done.metrics(), search.bits(),
                MixedPrecisionMetrics.bitsLabel(search.bits(), config.qat().activationBits()),
                config.sizeBudgetBytes(), search.sizeBytes(), found.sizes().uniformSizeBytes(config.widestBits()),
                found.sizes().uniformSizeBytes(config.narrowestBits()), found.sizes().fp32Bytes(), before,
                search.steps(), found.layers(), found.images(), found.seconds());
        experiments.finish(attempt, metrics, done.files());
    }
}
