package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import java.util.Map;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The INT8 files of every zoo model (fresh parameters, BatchNorm statistics at random) run on integer kernels only. */
class QdqZooTest {

    private static final Datasets DATASETS = new Datasets();
    private static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");
    private static final int IMAGES = 16;

    static List<String> models() {
        return ModelZoo.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyZooModelRunsOnIntegerKernelsWithTheSameOutputsAsFp32(String name) {
        ModelSpec spec = ModelZoo.build(name, DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 5)) {
            ModelQuantization quantization = Calibration.run(spec, djl.parameters(), DATA,
                    PtqConfig.of(Map.of("calibrationBatches", 2))).quantization();
            byte[] int8 = QdqExport.write(spec, djl.parameters(), InputNormalization.of(DATA), quantization);
            IntegerKernelCheck check = IntegerKernelCheck.of(int8);
            assertTrue(check.integerKernels(), name + ": " + check);
            assertCloseToFp32(name, djl, int8);
        }
    }

    /** Without folding, BatchNorm sits between a dequantize and a quantize: ONNX Runtime runs it in float, and the check says so. */
    @Test
    void unfoldedBatchNormRunsInFloatAndTheCheckReportsIt() {
        ModelSpec spec = ModelZoo.build("small-cnn", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 5)) {
            ModelQuantization quantization = Calibration.run(spec, djl.parameters(), DATA,
                    PtqConfig.of(Map.of("calibrationBatches", 2, "foldBatchNorm", false))).quantization();
            byte[] int8 = QdqExport.write(spec, djl.parameters(), InputNormalization.of(DATA), quantization);
            IntegerKernelCheck check = IntegerKernelCheck.of(int8);
            assertFalse(check.integerKernels(), check.toString());
            assertTrue(check.floatOps().stream().anyMatch(op -> op.endsWith("BatchNormalization bn1")),
                    check.floatOps().toString());
            assertCloseToFp32("small-cnn", djl, int8);
        }
    }

    /** Every output of every image within 5% of FP32's (relative L2 error; W8A8 min-max gives about 1%). */
    private static void assertCloseToFp32(String name, DjlModels djl, byte[] int8) {
        float[][][] fp32 = djl.outputs(DjlModels.normalizedTestImages(DATA, 0, IMAGES), IMAGES);
        float[][][] deployed;
        try (DeployedModel model = DeployedModel.load(int8)) {
            deployed = model.runAll(InputNormalization.scaledTestImages(DATA, 0, IMAGES), IMAGES);
        }
        assertEquals(fp32.length, deployed.length, name + " outputs");
        double worst = 0;
        for (int o = 0; o < fp32.length; o++) {
            for (int n = 0; n < IMAGES; n++) {
                worst = Math.max(worst, relativeError(fp32[o][n], deployed[o][n]));
            }
        }
        assertTrue(worst < 0.05, name + ": relative error " + worst);
    }

    /** ‖a − b‖ / ‖a‖ over one image's outputs. */
    private static double relativeError(float[] expected, float[] actual) {
        double difference = 0;
        double norm = 0;
        for (int k = 0; k < expected.length; k++) {
            difference += (expected[k] - actual[k]) * (double) (expected[k] - actual[k]);
            norm += expected[k] * (double) expected[k];
        }
        return Math.sqrt(difference / Math.max(norm, 1e-12));
    }
}
