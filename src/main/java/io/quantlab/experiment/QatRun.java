package io.quantlab.experiment;

import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QuantizationAwareTraining;
import java.util.Map;

/**
 * Runs one queued quantization-aware fine-tuning of its parent training: trains with fake
 * quantization (the progress bar and loss curve hear every batch, as a training's), then converts,
 * deploys and measures the result beside the FP32 parent exactly as a PTQ result is.
 */
public final class QatRun {
    private final ExperimentStore experiments;
    private final Datasets datasets;

    public QatRun(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /**
     * @throws io.quantlab.train.TrainingCancelledException or {@link io.quantlab.ptq.PtqStoppedException}
     *     when {@code recorder} asked it to stop
     */
    void run(JobAttempt attempt, Experiment experiment, ProgressRecorder recorder) {
        long start = System.nanoTime();
        QatConfig config = ((ExperimentConfig.Qat) experiment.config()).qat();
        FineTuned done = fineTune(ParentTraining.of(experiment, experiments, datasets), config, recorder, start);
        experiments.finish(attempt, done.metrics(), done.files());
    }

    /** A fine-tuning's metrics and the files to store with them. */
    record FineTuned(QatMetrics metrics, Map<String, byte[]> files) {}

    /**
     * Fine-tunes {@code parent} as {@code config} says, then converts, deploys and measures it beside
     * the FP32 parent; {@code start} is when the job began, for its seconds.
     */
    static FineTuned fineTune(ParentTraining parent, QatConfig config, ProgressRecorder recorder, long start) {
        QuantizationAwareTraining.Result trained = QuantizationAwareTraining.run(parent.spec(), parent.parameters(),
                parent.data(), parent.train(), config, recorder);
        PtqListener listener = PtqRun.listener(recorder, PtqPipeline.FP32_PHASES + PtqPipeline.EVALUATION_PHASES);
        PtqPipeline.Fp32 fp32 = new PtqPipeline(parent.spec(), parent.parameters(), parent.data()).fp32(listener);
        // QAT has no calibration step: its quantization is the trained observers' and weights' grids, every
        // activation grid stored in quantization.json so the simulated model can be run again (target grading)
        Calibration.Result converted = Calibration.Result.trained(parent.spec(), trained.quantization());
        PtqPipeline.Result result = new PtqPipeline(parent.spec(), trained.parameters(), parent.data())
                .evaluate(config.weightGrids(), converted,
                        new PtqPipeline.EvaluationOptions(trained.binaryLayers(), config.deploys()), listener);
        PtqMetrics measured = PtqRun.metrics(result, fp32, null, (System.nanoTime() - start) / 1e9);
        QatMetrics metrics = new QatMetrics(measured, trained.trainSeconds(), trained.epochs().size());
        // model.onnx (8-bit only), fp32.onnx, quantization.json and the kernel check (no per-layer analysis
        // yet), and the fine-tuned FP32 parameters as a training stores its own
        Map<String, byte[]> files = PtqRun.artifacts(result, fp32, null);
        files.put(ExperimentStore.PARAMETERS, trained.parameters().bytes(parent.spec()));
        return new FineTuned(metrics, files);
    }
}
