package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.DeploymentReport;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.IntegerKernelCheck;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.PtqAnalysis;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Where the PTQ job's time goes, stage by stage, for the default setting (static W8A8) on one
 * trained model: loading the parameters, calibration, writing both ONNX files, the deployed
 * report (whole, then its parts: each model's accuracy pass over the 10,000 test images, its
 * latency loops, the integer-kernel check), the simulation on the 10,000 test images and the
 * result page's analysis (PtqAnalysis: per-layer error, histograms, sensitivity, MCU). The
 * sequence runs {@code quantlab.bench.rounds} times in one JVM (the first round pays the
 * warm-up of DJL and ONNX Runtime, as the server's first job would). Printed, not asserted.
 * Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='PtqJobTimingBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.model=small-cnn -Dquantlab.bench.epochs=1 -Dquantlab.bench.subset=20000
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class PtqJobTimingBenchmark {

    private static final Datasets DATASETS = new Datasets();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    @Test
    void secondsPerStageOfOnePtqJob() {
        int rounds = Integer.getInteger("quantlab.bench.rounds", 3);
        PtqBenchModel bench = PtqBenchModel.train(DATASETS);
        Dataset data = bench.data();
        ModelSpec spec = bench.spec();
        PtqConfig ptq = PtqConfig.defaults();
        for (int round = 1; round <= rounds; round++) {
            String r = "BENCH round " + round + " " + bench.name() + " | ";
            long jobStart = System.nanoTime();
            TrainedParameters parameters = timed(r + "TrainedParameters.load",
                    () -> TrainedParameters.load(spec, bench.trained().parameterBytes()));
            Calibration.Result calibration = timed(r + "Calibration.run", () -> Calibration.run(spec, parameters, data, ptq));
            InputNormalization normalization = InputNormalization.of(data);
            byte[] int8 = timed(r + "QdqExport.write",
                    () -> QdqExport.write(spec, parameters, normalization, calibration.quantization()));
            byte[] fp32 = timed(r + "Fp32Export.write", () -> Fp32Export.write(spec, parameters, normalization));
            float[] images = timed(r + "scaledTestImages (10k)",
                    () -> InputNormalization.scaledTestImages(data, 0, data.testSize()));
            DeploymentReport report = timed(r + "DeploymentReport.measure",
                    () -> DeploymentReport.measure(fp32, int8, images, data.testLabels()));
            double simulated = timed(r + "FakeQuantizedNetwork (10k)", () -> {
                try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, calibration.quantization())) {
                    return network.testAccuracy(data, data.testSize());
                }
            });
            timed(r + "PtqAnalysis.run", () -> PtqAnalysis.run(spec, parameters, calibration.quantization(), data, ptq));
            System.out.printf(Locale.ROOT, "%sjob total %.2f s | FP32 %.2f%% INT8 %.2f%% simulated %.2f%% | b64 ms"
                            + " FP32 %.2f INT8 %.2f | 1 image ms FP32 %.3f INT8 %.3f | integer kernels %s%n", r,
                    (System.nanoTime() - jobStart) / 1e9, report.fp32Accuracy(), report.accuracy(), simulated,
                    report.fp32Latency().batch64().medianMs(), report.latency().batch64().medianMs(),
                    report.fp32Latency().single().medianMs(), report.latency().single().medianMs(),
                    report.integerKernels().integerKernels());
            measureParts(r, fp32, int8, images, data.testLabels());
        }
    }

    /**
     * What a PTQ job runs ({@code PtqPipeline}, as {@code PtqRun} calls it: parameters loaded, FP32
     * exported and measured, then the quantization), phase by phase, for the default setting and
     * for the four variants.
     */
    @Test
    void secondsPerPhaseOfThePipeline() {
        int rounds = Integer.getInteger("quantlab.bench.rounds", 3);
        PtqBenchModel bench = PtqBenchModel.train(DATASETS);
        for (int round = 1; round <= rounds; round++) {
            String r = "BENCH pipeline round " + round + " " + bench.name() + " | ";
            PhaseClock clock = new PhaseClock(r);
            PtqPipeline pipeline = timed(r + "load", () -> new PtqPipeline(bench.spec(),
                    TrainedParameters.load(bench.spec(), bench.trained().parameterBytes()), bench.data()));
            pipeline.fp32(clock);
            PtqPipeline.Result result = pipeline.quantize(PtqConfig.defaults(), clock);
            clock.end();
            System.out.printf(Locale.ROOT, "%sjob (static W8A8) %.2f s | simulated %.2f%% deployed %.2f%%%n", r,
                    clock.total(), result.simulatedAccuracy(), result.deployed().accuracy());
            PhaseClock variants = new PhaseClock(r + "variants ");
            pipeline.fp32(variants);
            for (String granularity : new String[] {"per-tensor", "per-channel"}) {
                for (boolean fold : new boolean[] {true, false}) {
                    pipeline.quantize(PtqConfig.of(java.util.Map.of("granularity", granularity, "foldBatchNorm", fold)),
                            variants);
                }
            }
            variants.end();
            System.out.printf(Locale.ROOT, "%svariants job %.2f s%n", r, variants.total());
        }
    }

    /** Prints each phase's wall seconds as the next one begins. */
    private static final class PhaseClock implements PtqListener {
        private final String prefix;
        private final long start = System.nanoTime();
        private long phaseStart = start;
        private String phase = "start";

        PhaseClock(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public void phase(String next) {
            end();
            phase = next;
        }

        void end() {
            long now = System.nanoTime();
            System.out.printf(Locale.ROOT, "%s  phase %s %.3f s%n", prefix, phase, (now - phaseStart) / 1e9);
            phaseStart = now;
        }

        double total() {
            return (System.nanoTime() - start) / 1e9;
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    /** DeploymentReport.measure's parts, one by one, outside the job's total. */
    private static void measureParts(String r, byte[] fp32, byte[] int8, float[] images, int[] labels) {
        for (String kind : new String[] {"FP32", "INT8"}) {
            byte[] onnx = kind.equals("FP32") ? fp32 : int8;
            try (DeployedModel deployed = timed(r + "  part " + kind + " session load", () -> DeployedModel.load(onnx))) {
                timed(r + "  part " + kind + " accuracy (10k)", () -> deployed.accuracy(images, labels));
                timed(r + "  part " + kind + " latencies", () -> deployed.latencies(images));
            }
        }
        timed(r + "  part IntegerKernelCheck", () -> IntegerKernelCheck.of(int8));
    }

    /** Wall-clock seconds and the process's CPU seconds (all threads): on a shared machine CPU time varies less. */
    private static <T> T timed(String stage, Supplier<T> work) {
        long cpu = OS.getProcessCpuTime();
        long start = System.nanoTime();
        T result = work.get();
        System.out.printf(Locale.ROOT, "%s %.3f s (cpu %.3f s, load %.1f)%n", stage, (System.nanoTime() - start) / 1e9,
                (OS.getProcessCpuTime() - cpu) / 1e9, OS.getSystemLoadAverage());
        return result;
    }
}
