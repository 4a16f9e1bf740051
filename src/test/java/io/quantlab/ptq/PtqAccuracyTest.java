package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.DynamicExport;
import io.quantlab.deploy.Fp32Export;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PTQ of a small CNN trained in the test on a Fashion-MNIST subset: simulated accuracy against
 * FP32, the simulation against the deployed QDQ file in ONNX Runtime, lower bits, every
 * activation range method.
 */
class PtqAccuracyTest {

    private static final Dataset DATA = TrainedSmallCnn.DATA;
    private static final int TEST_IMAGES = 2000;
    private static ModelSpec spec;
    private static TrainedParameters parameters;
    private static double fp32Accuracy;

    @BeforeAll
    static void train() {
        TrainedSmallCnn model = TrainedSmallCnn.train();
        spec = model.spec();
        parameters = model.parameters();
        try (DeployedModel fp32 = DeployedModel.load(Fp32Export.write(spec, parameters, InputNormalization.of(DATA)))) {
            fp32Accuracy = fp32.accuracy(InputNormalization.scaledTestImages(DATA, 0, TEST_IMAGES),
                    Arrays.copyOf(DATA.testLabels(), TEST_IMAGES));
        }
    }

    private static double simulated(PtqConfig config) {
        return simulated(Calibration.run(spec, parameters, DATA, config).quantization());
    }

    private static double simulated(ModelQuantization quantization) {
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            return network.testAccuracy(DATA, TEST_IMAGES);
        }
    }

    @Test
    void staticW8A8PerChannelKeepsAccuracyWithinHalfAPoint() {
        double accuracy = simulated(PtqConfig.defaults());
        assertEquals(fp32Accuracy, accuracy, 0.5, "FP32 " + fp32Accuracy + "%, simulated W8A8 " + accuracy + "%");
    }

    @Test
    void staticW8A8PerTensorKeepsAccuracyWithinHalfAPoint() {
        double accuracy = simulated(PtqConfig.of(Map.of("granularity", "per-tensor")));
        assertEquals(fp32Accuracy, accuracy, 0.5, "FP32 " + fp32Accuracy + "%, simulated W8A8 " + accuracy + "%");
    }

    @Test
    void fewerWeightBitsLoseAccuracy() {
        double eight = simulated(PtqConfig.of(Map.of("calibrationBatches", 2)));
        double four = simulated(PtqConfig.of(Map.of("calibrationBatches", 2, "weightBits", 4)));
        double two = simulated(PtqConfig.of(Map.of("calibrationBatches", 2, "weightBits", 2)));
        String all = "W8 " + eight + "%, W4 " + four + "%, W2 " + two + "%";
        assertTrue(four <= eight + 0.5, all);
        assertTrue(two < four && two < eight - 5, all);
    }

    /** Two-bit activations still classify Fashion-MNIST passably (the logits average 2048 features), but drift further. */
    @Test
    void fewerActivationBitsMoveTheLogitsFurtherFromFp32AndOnlySimulate() {
        Calibration.Result twoBits = Calibration.run(spec, parameters, DATA,
                PtqConfig.of(Map.of("calibrationBatches", 2, "activationBits", 2)));
        assertTrue(twoBits.tensors().stream().allMatch(row -> row.params().qmax() == 3), twoBits.tensors().toString());
        float[][] fp32;
        try (DeployedModel model = DeployedModel.load(Fp32Export.write(spec, parameters, InputNormalization.of(DATA)))) {
            fp32 = model.run(InputNormalization.scaledTestImages(DATA, 0, 250), 250);
        }
        double eight = meanAbsoluteDifference(fp32, Calibration.run(spec, parameters, DATA,
                PtqConfig.of(Map.of("calibrationBatches", 2))).quantization());
        double four = meanAbsoluteDifference(fp32, Calibration.run(spec, parameters, DATA,
                PtqConfig.of(Map.of("calibrationBatches", 2, "activationBits", 4))).quantization());
        double two = meanAbsoluteDifference(fp32, twoBits.quantization());
        assertTrue(eight < four && four < two, "mean |logit - FP32|: A8 " + eight + ", A4 " + four + ", A2 " + two);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> QdqExport.write(spec, parameters, InputNormalization.of(DATA), twoBits.quantization()));
        assertEquals("activationBits", e.field());
    }

    private static double meanAbsoluteDifference(float[][] fp32, ModelQuantization quantization) {
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            float[][] simulated = network.outputs(normalizedTestImages(0, fp32.length), fp32.length)[0];
            double sum = 0;
            int count = 0;
            for (int n = 0; n < fp32.length; n++) {
                for (int k = 0; k < fp32[n].length; k++) {
                    sum += Math.abs(simulated[n][k] - fp32[n][k]);
                    count++;
                }
            }
            return sum / count;
        }
    }

    @Test
    void theDeployedQdqFileAgreesWithTheSimulation() {
        ModelQuantization quantization = Calibration.run(spec, parameters, DATA, PtqConfig.defaults()).quantization();
        OutputAgreement agreement = agreement(quantization,
                QdqExport.write(spec, parameters, InputNormalization.of(DATA), quantization));
        assertTrue(agreement.top1() >= 99, agreement.toString());
        assertTrue(agreement.withinAStep() >= 90, agreement.toString());
    }

    @Test
    void weightOnlyAndDynamicSimulationsAgreeWithTheirFiles() {
        PtqConfig config = PtqConfig.of(Map.of("mode", "weight-only"));
        ModelQuantization weightOnly = Calibration.run(spec, parameters, DATA, config).quantization();
        OutputAgreement agreement = agreement(weightOnly,
                QdqExport.write(spec, parameters, InputNormalization.of(DATA), weightOnly));
        assertTrue(agreement.top1() >= 99.9 && agreement.withinAStep() >= 99, agreement.toString());

        ModelQuantization dynamic = Calibration.run(spec, parameters, DATA,
                PtqConfig.of(Map.of("mode", "dynamic"))).quantization();
        assertTrue(dynamic.weights().keySet().stream().allMatch(layer -> layer.startsWith("fc")), dynamic.toString());
        agreement = agreement(dynamic, DynamicExport.write(spec, parameters, InputNormalization.of(DATA), dynamic));
        assertTrue(agreement.top1() >= 99 && agreement.withinAStep() >= 90, agreement.toString());
    }

    private static OutputAgreement agreement(ModelQuantization quantization, byte[] onnx) {
        try (FakeQuantizedNetwork simulation = new FakeQuantizedNetwork(spec, parameters, quantization);
             DeployedModel deployed = DeployedModel.load(onnx)) {
            return OutputAgreement.of(simulation, deployed, DATA, TEST_IMAGES);
        }
    }

    @Test
    void everyActivationRangeMethodCalibratesAndKeepsAccuracy() {
        DeployPlan plan = DeployPlan.of(spec, true);
        Map<PtqConfig.ActivationRange, Double> accuracies = new EnumMap<>(PtqConfig.ActivationRange.class);
        for (PtqConfig.ActivationRange range : PtqConfig.ActivationRange.values()) {
            PtqConfig config = PtqConfig.of(Map.of("activationRange", PtqConfig.apiName(range), "calibrationBatches", 2));
            Calibration.Result result = Calibration.run(spec, parameters, DATA, config);
            result.quantization().requireComplete(plan);
            assertEquals(plan.quantizedTensors(), result.tensors().stream().map(TensorCalibration::tensor).toList());
            for (TensorCalibration row : result.tensors()) {
                assertTrue(row.observedMin() <= row.observedMax(), range + " " + row);
                if (range != PtqConfig.ActivationRange.MOVING_AVERAGE) {
                    assertTrue(row.chosen().min() >= row.observedMin() - 1e-4 * Math.abs(row.observedMin())
                            && row.chosen().max() <= row.observedMax() * 1.0001f + 1e-6f, range + " " + row);
                }
            }
            accuracies.put(range, simulated(result.quantization()));
        }
        // KL clips hardest (TensorRT's entropy threshold on the normalized input's bright tail) and loses most
        String all = "FP32 " + fp32Accuracy + "%, simulated " + accuracies;
        accuracies.values().forEach(accuracy -> assertTrue(accuracy > fp32Accuracy - 15, all));
        assertEquals(fp32Accuracy, accuracies.get(PtqConfig.ActivationRange.MINMAX), 0.5, all);
        assertEquals(fp32Accuracy, accuracies.get(PtqConfig.ActivationRange.HISTOGRAM), 1, all);
    }

    @Test
    void percentileClipsTheTailsThatMinMaxKeeps() {
        var minMax = Calibration.run(spec, parameters, DATA, PtqConfig.of(Map.of("calibrationBatches", 2))).tensors();
        var percentile = Calibration.run(spec, parameters, DATA,
                PtqConfig.of(Map.of("calibrationBatches", 2, "activationRange", "percentile"))).tensors();
        TensorCalibration last = minMax.get(minMax.size() - 1);
        TensorCalibration clipped = percentile.get(percentile.size() - 1);
        assertEquals(last.observedMax(), last.chosen().max());
        assertEquals(last.observedMax(), clipped.observedMax());
        assertTrue(clipped.chosen().max() < clipped.observedMax(), clipped.toString());
        assertEquals(0, last.clippedShare());
        assertTrue(clipped.clippedShare() > 0 && clipped.clippedShare() < 0.001, clipped.toString());
    }

    private static float[] normalizedTestImages(int from, int count) {
        float[] out = new float[count * DATA.imageSize()];
        for (int i = 0; i < count; i++) {
            DATA.normalizedTestImage(from + i, out, i * DATA.imageSize());
        }
        return out;
    }
}
