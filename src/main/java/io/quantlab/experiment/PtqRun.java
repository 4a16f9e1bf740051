package io.quantlab.experiment;

import io.quantlab.Json;
import io.quantlab.data.Datasets;
import io.quantlab.jobs.JobAttempt;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.train.LatencyStats;
import io.quantlab.train.TrainProgress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs one queued post-training quantization (one setting, or the four variants of the course's
 * notebook) of its parent training and stores its metrics and files; a job that finds an
 * identical request already done takes that result instead of computing it again.
 */
public final class PtqRun {
    /** The four variants of the notebook: per tensor and per channel, BN folded and not, each static W8A8 min-max. */
    static final List<String> VARIANTS = List.of("per-tensor, BN folded", "per-tensor, BN not folded",
            "per-channel, BN folded", "per-channel, BN not folded");
    /** The variant whose accuracy and size the variants job lists as its own: PyTorch's default recipe. */
    static final String DEFAULT_VARIANT = "per-channel, BN folded";

    private final ExperimentStore experiments;
    private final Datasets datasets;

    public PtqRun(ExperimentStore experiments, Datasets datasets) {
        this.experiments = experiments;
        this.datasets = datasets;
    }

    /** @throws io.quantlab.ptq.PtqStoppedException when {@code recorder} asked it to stop */
    void run(JobAttempt attempt, Experiment experiment, ProgressRecorder recorder) {
        long start = System.nanoTime();
        ParentTraining parent = ParentTraining.of(experiment, experiments, datasets);
        PtqPipeline pipeline = new PtqPipeline(parent.spec(), parent.parameters(), parent.data());
        if (experiment.config() instanceof ExperimentConfig.Ptq ptq) {
            quantize(attempt, pipeline, recorder, ptq.ptq(), start);
        } else if (experiment.config() instanceof ExperimentConfig.PtqVariants variants) {
            quantizeVariants(attempt, pipeline, recorder, variants.calibrationBatches());
        } else {
            throw new IllegalStateException("experiment " + experiment.id() + " is not a quantization");
        }
    }

    private void quantize(JobAttempt attempt, PtqPipeline pipeline, ProgressRecorder recorder, PtqConfig config,
                          long start) {
        PtqListener listener = listener(recorder,
                PtqPipeline.FP32_PHASES + PtqPipeline.QUANTIZATION_PHASES + PtqPipeline.ANALYSIS_PHASES);
        PtqPipeline.Fp32 fp32 = pipeline.fp32(listener);
        PtqPipeline.Result result = pipeline.quantize(config, listener);
        PtqAnalysis analysis = pipeline.analyse(result, listener);
        PtqMetrics metrics = metrics(result, fp32, null, (System.nanoTime() - start) / 1e9);
        experiments.finish(attempt, metrics, artifacts(result, fp32, analysis));
    }

    /**
     * The FP32 parent once, then each variant; the variants' files are not kept, only their metrics,
     * and they are not analysed (their page compares the four; the analysis would add a second or two).
     */
    private void quantizeVariants(JobAttempt attempt, PtqPipeline pipeline, ProgressRecorder recorder,
                                  int calibrationBatches) {
        PtqListener listener = listener(recorder,
                PtqPipeline.FP32_PHASES + VARIANTS.size() * PtqPipeline.QUANTIZATION_PHASES);
        PtqPipeline.Fp32 fp32 = pipeline.fp32(listener);
        List<PtqMetrics> rows = new ArrayList<>();
        for (String variant : VARIANTS) {
            PtqPipeline.Result result = pipeline.quantize(variant(variant, calibrationBatches), listener);
            rows.add(metrics(result, fp32, variant, result.seconds()));
        }
        PtqMetrics chosen = rows.get(VARIANTS.indexOf(DEFAULT_VARIANT));
        var fp32Row = new PtqVariantsMetrics.Fp32Row(fp32.accuracy(), fp32.latencies().batch64().medianMs(),
                fp32.latencies().single().medianMs(), fp32.onnx().length);
        experiments.finish(attempt, new PtqVariantsMetrics(chosen.testAccuracy(), chosen.sizeBytes(), fp32Row, rows),
                Map.of(ExperimentStore.FP32_ONNX, fp32.onnx()));
    }

    /** Each phase as step i of n of the job, through the training's recorder (its stop checks included). */
    static PtqListener listener(ProgressRecorder recorder, int phases) {
        return new PtqListener() {
            private int step;

            @Override
            public void phase(String phase) {
                recorder.progress(new TrainProgress(phase, ++step, phases, Double.NaN, Double.NaN));
            }

            @Override
            public boolean stopRequested() {
                return recorder.cancelRequested();
            }
        };
    }

    static PtqConfig variant(String variant, int calibrationBatches) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("granularity", variant.startsWith("per-tensor") ? "per-tensor" : "per-channel");
        fields.put("foldBatchNorm", !variant.endsWith("not folded"));
        fields.put("calibrationBatches", calibrationBatches);
        return PtqConfig.of(fields);
    }

    static PtqMetrics metrics(PtqPipeline.Result r, PtqPipeline.Fp32 fp32, String variant, double seconds) {
        PtqPipeline.Deployed d = r.deployed();
        LatencyStats fp32Batch = fp32.latencies().batch64();
        LatencyStats fp32Single = fp32.latencies().single();
        LatencyStats batch = d == null ? null : d.latencies().batch64();
        LatencyStats single = d == null ? null : d.latencies().single();
        return new PtqMetrics(r.simulatedAccuracy(), d == null ? null : d.accuracy(), fp32.accuracy(),
                d == null ? null : d.top1Agreement(),
                batch == null ? null : batch.medianMs(), single == null ? null : single.medianMs(),
                batch == null ? null : batch.p90Ms(), single == null ? null : single.p90Ms(),
                fp32Batch.medianMs(), fp32Single.medianMs(), fp32Batch.p90Ms(), fp32Single.p90Ms(),
                batch == null ? null : fp32Batch.medianMs() / batch.medianMs(),
                single == null ? null : fp32Single.medianMs() / single.medianMs(),
                fp32.latencies().threads(), r.sizeBytes(), fp32.onnx().length, r.packedWeightBytes(),
                d == null ? null : d.kernels().integerKernels(), r.calibration().seconds(), seconds, variant);
    }

    /** model.onnx (when deployed), fp32.onnx, quantization.json and the page's ptq-report. */
    static Map<String, byte[]> artifacts(PtqPipeline.Result r, PtqPipeline.Fp32 fp32, PtqAnalysis analysis) {
        PtqPipeline.Deployed d = r.deployed();
        Map<String, byte[]> files = new LinkedHashMap<>();
        if (d != null) {
            files.put(ExperimentStore.MODEL_ONNX, d.onnx());
        }
        files.put(ExperimentStore.FP32_ONNX, fp32.onnx());
        files.put(ExperimentStore.QUANTIZATION_JSON, json(r.table()));
        PtqReport report = new PtqReport(r.table().activations(), d == null ? null : d.kernels().integerKernels(),
                d == null ? List.of() : d.kernels().floatOps(), d == null ? new TreeMap<>() : d.kernels().opCounts(),
                fp32.latencies().threads(), analysis);
        files.put(ExperimentStore.PTQ_REPORT, json(report));
        return files;
    }

    private static byte[] json(Object value) {
        return Json.write(value).getBytes(StandardCharsets.UTF_8);
    }
}
