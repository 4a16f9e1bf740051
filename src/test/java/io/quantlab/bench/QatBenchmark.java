package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.BlockBuilder;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.qat.QatConfig;
import io.quantlab.qat.QuantizationAwareTraining;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A QAT epoch against an FP32 epoch of the same model through the same training loop (same
 * images, batch size, optimizer), alternated {@code rounds} times to share the machine's load
 * alike; then PTQ against one QAT epoch per bit width, simulated and, at 8 bits, deployed in ONNX
 * Runtime. Printed, not asserted. Skipped unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='QatBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.subset=20000 -Dquantlab.bench.rounds=2 -Dquantlab.bench.test=10000
 * </pre>
 * ({@code -Dquantlab.bench.accuracy=false} times the epochs only).
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class QatBenchmark {

    private static final Datasets DATASETS = new Datasets();

    @Test
    void qatEpochAgainstFp32EpochAndPtq() {
        int subset = Integer.getInteger("quantlab.bench.subset", 20_000);
        int rounds = Integer.getInteger("quantlab.bench.rounds", 2);
        Dataset data = DATASETS.get("fashion-mnist");
        int testImages = Math.min(Integer.getInteger("quantlab.bench.test", data.testSize()), data.testSize());
        TrainConfig training = new TrainConfig("fashion-mnist", "small-cnn", 1, 64, 0.01, TrainConfig.SGD, 0.9, 0,
                subset, 0, LearningRateSchedule.COSINE, TrainConfig.DEFAULT_STEP_EPOCHS,
                TrainConfig.DEFAULT_STEP_GAMMA, 0, 0, false, Map.of(), TrainConfig.DEFAULT_EARLY_EXIT_THRESHOLD);
        TrainResult trained = new Trainer(DATASETS).run(training, TrainListener.NONE);
        ModelSpec spec = Trainer.modelSpec(training, data);
        TrainedParameters parent = TrainedParameters.load(spec, trained.parameterBytes());
        System.out.printf(Locale.ROOT, "BENCH small-cnn FP32 trained 1 epoch on %d images in %.1f s: %.2f%%%n",
                subset, trained.trainSeconds(), trained.testAccuracy());

        QatConfig w8a8 = QatConfig.defaults();
        for (int round = 1; round <= rounds; round++) {
            double cpu = processCpuSeconds();
            double fp32 = Trainer.fineTune(w8a8.fineTuning(training), data, spec.name(), BlockBuilder.build(spec),
                    TrainListener.NONE, (epochs, seconds) -> seconds);
            double fp32Cpu = processCpuSeconds() - cpu;
            cpu = processCpuSeconds();
            double qat = QuantizationAwareTraining.run(spec, parent, data, training, w8a8, TrainListener.NONE)
                    .trainSeconds();
            double qatCpu = processCpuSeconds() - cpu;
            System.out.printf(Locale.ROOT, "BENCH round %d: FP32 epoch %.1f s (process CPU %.1f s), QAT W8A8 epoch"
                    + " %.1f s (process CPU %.1f s); ratio %.2f wall, %.2f CPU%n", round, fp32, fp32Cpu, qat, qatCpu,
                    qat / fp32, qatCpu / fp32Cpu);
        }
        if (!Boolean.parseBoolean(System.getProperty("quantlab.bench.accuracy", "true"))) {
            return;
        }

        float[] images = InputNormalization.scaledTestImages(data, 0, testImages);
        int[] labels = Arrays.copyOf(data.testLabels(), testImages);
        for (int[] bits : new int[][] {{8, 8}, {4, 4}, {2, 8}}) {
            Map<String, Object> fields = Map.of("weightBits", bits[0], "activationBits", bits[1]);
            double ptq = simulated(spec, parent, Calibration.run(spec, parent, data, PtqConfig.of(fields))
                    .quantization(), data, testImages);
            QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parent, data, training,
                    QatConfig.of(fields), TrainListener.NONE);
            double simulated = simulated(spec, qat.parameters(), qat.quantization(), data, testImages);
            String deployed = "-";
            if (bits[1] == 8) {
                try (DeployedModel model = DeployedModel.load(QdqExport.write(spec, qat.parameters(),
                        InputNormalization.of(data), qat.quantization()))) {
                    deployed = String.format(Locale.ROOT, "%.2f%%", model.accuracy(images, labels));
                }
            }
            System.out.printf(Locale.ROOT, "BENCH W%dA%d on %d test images: PTQ %.2f%%, QAT 1 epoch %.2f%% (%.1f s),"
                    + " QAT deployed %s%n", bits[0], bits[1], testImages, ptq, simulated, qat.trainSeconds(), deployed);
        }
    }

    /** CPU seconds of every thread of this process so far: less moved by other processes' load than wall time. */
    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double simulated(ModelSpec spec, TrainedParameters parameters,
                                    ModelQuantization quantization, Dataset data, int images) {
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            return network.testAccuracy(data, images);
        }
    }
}
