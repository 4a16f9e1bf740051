package io.quantlab.experiment;

import io.quantlab.Json;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.sweep.BitWidthSweep;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one queued bit-width sweep of its parent training and stores its points, the FP32 file and the histograms. */
public final class SweepRun {
    private final ExperimentStore experiments;
    private final Datasets datasets;

    public SweepRun(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /**
     * @throws io.quantlab.train.TrainingCancelledException or {@link io.quantlab.ptq.PtqStoppedException}
     *     when {@code recorder} asked it to stop
     */
    void run(JobAttempt attempt, Experiment experiment, ProgressRecorder recorder) {
        ExperimentConfig.Sweep config = (ExperimentConfig.Sweep) experiment.config();
        ParentTraining parent = ParentTraining.of(experiment, experiments, datasets);
        BitWidthSweep.Result result = new BitWidthSweep(parent.spec(), parent.parameters(), parent.data(),
                parent.train(), config.sweep()).run(recorder);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ExperimentStore.FP32_ONNX, result.fp32().onnx());
        files.put(ExperimentStore.SWEEP_REPORT, Json.write(result.report()).getBytes(StandardCharsets.UTF_8));
        experiments.finish(attempt, new SweepMetrics(result.fp32().accuracy(), result.fp32().onnx().length,
                result.points()), files);
    }
}
