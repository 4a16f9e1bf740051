package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import io.quantlab.train.TrainResult;
import io.quantlab.train.Trainer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Static W8A8 QDQ files of briefly trained models: they load in ONNX Runtime, run on integer
 * kernels, agree with the FP32 model on the top-1 class and are a quarter of its size. Uses
 * Fashion-MNIST when installed, else the synthetic set.
 */
class QdqExportTest {

    private static final Datasets DATASETS = new Datasets();
    private static final String DATA = DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic";
    private static final int TEST_IMAGES = 500;
    private static final Map<String, Trained> TRAINED = new HashMap<>();

    private record Trained(ModelSpec spec, byte[] parameterBytes) {}

    @BeforeAll
    static void train() {
        Trainer trainer = new Trainer(DATASETS);
        for (String model : new String[] {"small-cnn", "mlp"}) {
            TrainConfig config = new TrainConfig(DATA, model, 1, 64, 0.001, "adam", 0.9, 0, 3000, 0);
            TrainResult result = trainer.run(config, TrainListener.NONE);
            TRAINED.put(model, new Trained(Trainer.modelSpec(config, DATASETS.get(DATA)), result.parameterBytes()));
        }
    }

    @Test
    void smallCnnRunsOnIntegerKernelsAgreesWithFp32AndIsUnderATwentyEighthOfItsSize() {
        Outcome outcome = quantize("small-cnn", 8, true);
        assertTrue(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.agreement >= 99, "top-1 agreement " + outcome.agreement + "%");
        double ratio = (double) outcome.int8Bytes / outcome.fp32Bytes;
        assertTrue(ratio <= 0.28, outcome.int8Bytes + " / " + outcome.fp32Bytes + " = " + ratio);
        assertTrue(outcome.check.opCounts().keySet().stream().anyMatch(op -> op.endsWith("QLinearConv")),
                outcome.check.opCounts().toString());
    }

    @Test
    void mlpRunsOnIntegerKernelsAndAgreesWithFp32() {
        Outcome outcome = quantize("mlp", 8, true);
        assertTrue(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.agreement >= 99, "top-1 agreement " + outcome.agreement + "%");
    }

    @Test
    void perTensorWeightsAlsoRunOnIntegerKernels() {
        Outcome outcome = quantize("small-cnn", 8, false);
        assertTrue(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.agreement >= 98, "top-1 agreement " + outcome.agreement + "%");
    }

    /** Per-channel int4 weights are valid ONNX and run, but no integer kernel takes them: the check must say so. */
    @Test
    void theCheckFlagsInt4WeightsThatOnnxRuntimeCannotFuse() {
        Outcome outcome = quantize("small-cnn", 4, true);
        assertFalse(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.check.floatOps().stream().anyMatch(op -> op.contains("conv1_weight")),
                outcome.check.floatOps().toString());
        assertTrue(outcome.int8Bytes < outcome.fp32Bytes / 6, "int4 packs two weights a byte: " + outcome.int8Bytes);
    }

    private record Outcome(IntegerKernelCheck check, double agreement, long int8Bytes, long fp32Bytes) {}

    private static Outcome quantize(String model, int weightBits, boolean perChannel) {
        return quantize(model, ModelQuantization.Mode.STATIC, weightBits, perChannel);
    }

    private static Outcome quantize(String model, ModelQuantization.Mode mode, int weightBits,
                                    boolean perChannel) {
        Trained trained = TRAINED.get(model);
        Dataset data = DATASETS.get(DATA);
        InputNormalization normalization = InputNormalization.of(data);
        try (DjlModels djl = DjlModels.trained(trained.spec(), trained.parameterBytes())) {
            PtqConfig config = PtqConfig.of(Map.of("mode", PtqConfig.apiName(mode), "weightBits", weightBits,
                    "granularity", perChannel ? "per-channel" : "per-tensor"));
            ModelQuantization quantization = Calibration.run(trained.spec(), djl.parameters(), data, config)
                    .quantization();
            TrainedParameters parameters = TrainedParameters.load(trained.spec(), trained.parameterBytes());
            byte[] int8 = mode == ModelQuantization.Mode.DYNAMIC
                    ? DynamicExport.write(trained.spec(), parameters, normalization, quantization)
                    : QdqExport.write(trained.spec(), parameters, normalization, quantization);
            byte[] fp32 = Fp32Export.write(trained.spec(), parameters, normalization);
            float[][] expected = djl.outputs(DjlModels.normalizedTestImages(data, 0, TEST_IMAGES), TEST_IMAGES)[0];
            int[] predicted;
            try (DeployedModel deployed = DeployedModel.load(int8)) {
                predicted = deployed.predict(InputNormalization.scaledTestImages(data, 0, TEST_IMAGES), TEST_IMAGES);
            }
            int same = 0;
            for (int n = 0; n < TEST_IMAGES; n++) {
                same += predicted[n] == DeployedModel.argmax(expected[n]) ? 1 : 0;
            }
            Outcome outcome = new Outcome(IntegerKernelCheck.of(int8), 100.0 * same / TEST_IMAGES, int8.length,
                    fp32.length);
            return outcome;
        }
    }

    /** PyTorch's quantize_dynamic in ONNX: Linear layers multiply in integers on activations quantized per batch. */
    @Test
    void dynamicMlpMultipliesInIntegersAndAgreesWithFp32() {
        Outcome outcome = quantize("mlp", ModelQuantization.Mode.DYNAMIC, 8, true);
        assertTrue(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.agreement >= 99, "top-1 agreement " + outcome.agreement + "%");
        assertTrue(outcome.int8Bytes < outcome.fp32Bytes / 3, outcome.int8Bytes + " bytes");
    }

    /** Weight-only files are small, but the operators compute in float on weights dequantized at every run. */
    @Test
    void weightOnlySmallCnnIsSmallAndAccurateButHasNoIntegerKernel() {
        Outcome outcome = quantize("small-cnn", ModelQuantization.Mode.WEIGHT_ONLY, 8, true);
        assertFalse(outcome.check.integerKernels(), outcome.check.toString());
        assertTrue(outcome.check.floatOps().stream().anyMatch(op -> op.startsWith("DequantizeLinear conv2_weight")),
                outcome.check.floatOps().toString());
        assertTrue(outcome.agreement >= 99, "top-1 agreement " + outcome.agreement + "%");
        assertTrue(outcome.int8Bytes < outcome.fp32Bytes * 0.28, outcome.int8Bytes + " bytes");
    }

    @Test
    void theFp32FileHasNoIntegerKernels() {
        Trained trained = TRAINED.get("mlp");
        byte[] fp32 = Fp32Export.write(trained.spec(), TrainedParameters.load(trained.spec(), trained.parameterBytes()),
                InputNormalization.of(DATASETS.get(DATA)));
        IntegerKernelCheck check = IntegerKernelCheck.of(fp32);
        assertFalse(check.integerKernels());
        assertEquals(0, check.floatOps().size());
    }
}
