package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.DeploymentReport;
import io.quantlab.deploy.DynamicExport;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.IntegerKernelCheck;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.OperatorProfile;
import io.quantlab.deploy.OrtRuntime;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.train.LatencyStats;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * FP32 vs static W8A8 (per-channel, BN folded, min-max over 10 batches of 64) and dynamic
 * (Linear layers only) in ONNX Runtime:
 * accuracy on the whole test set, latency of a batch of 64 and of one image (median and p90),
 * file sizes, whether every quantized op ran on an integer kernel, and ORT's per-op profile of a
 * batch of 64 (20 profiled runs, the first one's warm-up included). Printed, not asserted.
 * Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='DeployBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.models=small-cnn,mlp -Dquantlab.bench.epochs=1 -Dquantlab.bench.subset=20000
 * </pre>
 * Training follows the reference recipe (SGD 0.01, momentum 0.9, cosine, batch 64) on
 * {@code subset} images for {@code epochs} epochs.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class DeployBenchmark {

    private static final Datasets DATASETS = new Datasets();

    @Test
    void fp32VersusInt8InOnnxRuntime() {
        int epochs = Integer.getInteger("quantlab.bench.epochs", 1);
        int subset = Integer.getInteger("quantlab.bench.subset", 20_000);
        Dataset data = DATASETS.get("fashion-mnist");
        float[] images = InputNormalization.scaledTestImages(data, 0, data.testSize());
        System.out.printf(Locale.ROOT, "BENCH ONNX Runtime %s, %d intra-op threads, load average %s%n",
                OrtRuntime.environment().getVersion(), OrtRuntime.THREADS, loadAverage());
        for (String model : System.getProperty("quantlab.bench.models", "small-cnn,mlp").split(",")) {
            TrainConfig config = new TrainConfig("fashion-mnist", model.trim(), epochs, 64, 0.01, TrainConfig.SGD, 0.9,
                    0, subset, 0, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS,
                    TrainConfig.DEFAULT_STEP_GAMMA, 0, 0, false, Map.of(), TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD);
            TrainResult trained = new Trainer(DATASETS).run(config, TrainListener.NONE);
            ModelSpec spec = Trainer.modelSpec(config, data);
            System.out.printf(Locale.ROOT, "BENCH %s trained %d epoch(s) on %d images: DJL FP32 %.2f%%, b64 %.2f ms,"
                    + " 1 image %.3f ms%n", model, epochs, subset, trained.testAccuracy(), trained.latencyMsBatch64(),
                    trained.latencyMsSingle());
            long start = System.nanoTime();
            byte[] int8;
            byte[] fp32;
            byte[] dynamic;
            InputNormalization normalization = InputNormalization.of(data);
            TrainedParameters parameters = TrainedParameters.load(spec, trained.parameterBytes());
            ModelQuantization quantization = Calibration.run(spec, parameters, data, PtqConfig.defaults()).quantization();
            int8 = QdqExport.write(spec, parameters, normalization, quantization);
            fp32 = Fp32Export.write(spec, parameters, normalization);
            dynamic = DynamicExport.write(spec, parameters, normalization, Calibration.run(spec, parameters, data,
                    PtqConfig.of(Map.of("mode", "dynamic"))).quantization());
            double exportSeconds = (System.nanoTime() - start) / 1e9;
            DeploymentReport report = DeploymentReport.measure(fp32, int8, images, data.testLabels());
            IntegerKernelCheck check = report.integerKernels();
            Row dynamicRow = measure(dynamic, images, data.testLabels());
            System.out.printf(Locale.ROOT, "BENCH %s calibrate (10 batches) + export both: %.2f s; integer kernels: %s %s%n",
                    model, exportSeconds, check.integerKernels(), check.floatOps().isEmpty() ? check.opCounts()
                            : check.floatOps());
            print(model, "ORT FP32", new Row(report.fp32Accuracy(), report.fp32Latency()), fp32.length);
            print(model, "ORT INT8 QDQ", new Row(report.accuracy(), report.latency()), int8.length);
            print(model, "ORT dynamic", dynamicRow, dynamic.length);
            System.out.printf(Locale.ROOT, "BENCH %s per-op µs per batch of 64, FP32: %s%n", model,
                    micros(OperatorProfile.measure(fp32, images, 64, 20)));
            System.out.printf(Locale.ROOT, "BENCH %s per-op µs per batch of 64, INT8: %s%n", model,
                    micros(OperatorProfile.measure(int8, images, 64, 20)));
            System.out.printf(Locale.ROOT, "BENCH %s speed-up b64 %.2fx, 1 image %.2fx, size %.3fx%n", model,
                    report.speedupBatch64(), report.speedupSingle(), report.sizeRatio());
        }
    }

    private record Row(double accuracy, DeployedModel.Latencies latencies) {}

    private static Row measure(byte[] onnx, float[] images, int[] labels) {
        try (DeployedModel deployed = DeployedModel.load(onnx)) {
            return new Row(deployed.accuracy(images, labels), deployed.latencies(images));
        }
    }

    private static void print(String model, String runtime, Row row, long bytes) {
        LatencyStats b64 = row.latencies.batch64();
        LatencyStats one = row.latencies.single();
        System.out.printf(Locale.ROOT, "BENCH %s %-13s accuracy %.2f%%  b64 %.2f ms (p90 %.2f)  1 image %.3f ms"
                + " (p90 %.3f)  %,d bytes%n", model, runtime, row.accuracy, b64.medianMs(), b64.p90Ms(),
                one.medianMs(), one.p90Ms(), bytes);
    }

    private static String micros(OperatorProfile profile) {
        StringBuilder out = new StringBuilder();
        profile.microsPerRun().forEach((op, micros) -> out.append(String.format(Locale.ROOT, "%s %.0f, ", op, micros)));
        return out.length() == 0 ? "" : out.substring(0, out.length() - 2);
    }

    private static String loadAverage() {
        try {
            return Arrays.toString(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ", 4))
                    .replaceAll(",[^,]*]$", "]");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
