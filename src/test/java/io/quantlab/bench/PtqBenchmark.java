package io.quantlab.bench;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.train.TrainResult;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * PTQ settings on one trained model: calibration seconds, simulated accuracy (fake quantization
 * in DJL) and, where the activations are 8-bit, deployed accuracy (the QDQ file in ONNX Runtime),
 * all on the 10,000 test images, beside FP32 in ONNX Runtime. Printed, not asserted. Skipped
 * unless asked for:
 * <pre>
 * mvn -B -o test -Dtest='PtqBenchmark' -Dquantlab.bench=true \
 *     -Dquantlab.bench.model=small-cnn -Dquantlab.bench.epochs=1 -Dquantlab.bench.subset=20000
 * </pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "quantlab.bench", matches = "true")
class PtqBenchmark {

    private static final Datasets DATASETS = new Datasets();

    @Test
    void simulatedAndDeployedAccuracyOfPtqSettings() {
        PtqBenchModel bench = PtqBenchModel.train(DATASETS);
        String model = bench.name();
        int epochs = bench.epochs();
        int subset = bench.subset();
        Dataset data = bench.data();
        TrainResult trained = bench.trained();
        ModelSpec spec = bench.spec();
        TrainedParameters parameters = bench.parameters();
        InputNormalization normalization = InputNormalization.of(data);
        float[] images = InputNormalization.scaledTestImages(data, 0, data.testSize());
        try (DeployedModel fp32 = DeployedModel.load(Fp32Export.write(spec, parameters, normalization))) {
            System.out.printf(Locale.ROOT, "BENCH %s trained %d epoch(s) on %d images: DJL FP32 %.2f%%, ORT FP32 %.2f%%%n",
                    model, epochs, subset, trained.testAccuracy(), fp32.accuracy(images, data.testLabels()));
        }
        PtqConfig d = PtqConfig.defaults();
        Map<String, PtqConfig> settings = new LinkedHashMap<>();
        settings.put("static W8A8 per-channel, BN folded, minmax", d);
        settings.put("static W8A8 per-tensor, BN folded", PtqConfig.of(Map.of("granularity", "per-tensor")));
        settings.put("static W8A8 per-channel, BN kept", PtqConfig.of(Map.of("foldBatchNorm", false)));
        settings.put("static W8A8 per-tensor, BN kept", PtqConfig.of(Map.of("granularity", "per-tensor",
                "foldBatchNorm", false)));
        for (PtqConfig.ActivationRange range : PtqConfig.ActivationRange.values()) {
            if (range != PtqConfig.ActivationRange.MINMAX) {
                settings.put("static W8A8, " + PtqConfig.apiName(range), PtqConfig.of(Map.of("activationRange", PtqConfig.apiName(range))));
            }
        }
        settings.put("static W4A8", PtqConfig.of(Map.of("weightBits", 4)));
        settings.put("static W2A8", PtqConfig.of(Map.of("weightBits", 2)));
        settings.put("static W8A4 (simulated only)", PtqConfig.of(Map.of("activationBits", 4)));
        settings.put("weight-only W8", PtqConfig.of(Map.of("mode", "weight-only")));
        settings.put("weight-only W4", PtqConfig.of(Map.of("mode", "weight-only", "weightBits", 4)));
        for (Map.Entry<String, PtqConfig> setting : settings.entrySet()) {
            PtqConfig ptq = setting.getValue();
            Calibration.Result calibration = Calibration.run(spec, parameters, data, ptq);
            long start = System.nanoTime();
            double simulated;
            try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, calibration.quantization())) {
                simulated = network.testAccuracy(data, data.testSize());
            }
            double simulationSeconds = (System.nanoTime() - start) / 1e9;
            String deployed = "-";
            if (ptq.activationBits() == 8 || ptq.mode() != ModelQuantization.Mode.STATIC) {
                try (DeployedModel int8 = DeployedModel.load(QdqExport.write(spec, parameters, normalization,
                        calibration.quantization()))) {
                    deployed = String.format(Locale.ROOT, "%.2f%%", int8.accuracy(images, data.testLabels()));
                }
            }
            System.out.printf(Locale.ROOT, "BENCH %s | %s | calibrate %d batches %.2f s | simulated %.2f%% (%.1f s)"
                    + " | deployed %s%n", model, setting.getKey(), ptq.calibrationBatches(), calibration.seconds(),
                    simulated, simulationSeconds, deployed);
        }
    }
}
