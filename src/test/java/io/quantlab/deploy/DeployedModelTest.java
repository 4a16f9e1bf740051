package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.PtqConfig;
import java.util.Map;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeployedModelTest {

    private static final Datasets DATASETS = new Datasets();
    private static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");
    private static final int IMAGES = 300;

    @Test
    void accuracyCountsTheTopClassOfEveryImageAcrossBatches() {
        ModelSpec spec = ModelZoo.build("mlp", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 1);
             DeployedModel model = DeployedModel.load(Fp32Export.write(spec, djl.parameters(), InputNormalization.of(DATA)))) {
            float[] images = InputNormalization.scaledTestImages(DATA, 0, IMAGES);
            int[] labels = Arrays.copyOf(DATA.testLabels(), IMAGES);
            int[] predicted = model.predict(images, IMAGES);
            long correct = 0;
            for (int i = 0; i < IMAGES; i++) {
                correct += predicted[i] == labels[i] ? 1 : 0;
            }
            assertEquals(100.0 * correct / IMAGES, model.accuracy(images, labels), 1e-9);
            labels[0] = predicted[0];
            labels[IMAGES - 1] = predicted[IMAGES - 1];
            assertTrue(model.accuracy(images, labels) > 0);
        }
    }

    @Test
    void latencyGivesMedianAndP90OfTheTimedRunsOnTheSharedThreads() {
        ModelSpec spec = ModelZoo.build("mlp", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 1);
             DeployedModel model = DeployedModel.load(Fp32Export.write(spec, djl.parameters(), InputNormalization.of(DATA)))) {
            float[] images = InputNormalization.scaledTestImages(DATA, 0, 64);
            DeployedModel.Latencies latencies = model.latencies(images);
            assertEquals(OrtRuntime.THREADS, latencies.threads());
            assertEquals(DeployedModel.TIMED_BATCH_RUNS, latencies.batch64().runs());
            assertEquals(DeployedModel.TIMED_SINGLE_RUNS, latencies.single().runs());
            assertTrue(latencies.batch64().medianMs() > 0 && latencies.batch64().p90Ms() >= latencies.batch64().medianMs());
            assertThrows(IllegalArgumentException.class, () -> model.latencies(Arrays.copyOf(images, 63 * 784)));
            assertThrows(IllegalArgumentException.class, () -> model.run(images, 65));
        }
    }

    @Test
    void aReportMeasuresBothFilesOnTheSameImages() {
        ModelSpec spec = ModelZoo.build("mlp", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 1)) {
            InputNormalization normalization = InputNormalization.of(DATA);
            byte[] fp32 = Fp32Export.write(spec, djl.parameters(), normalization);
            byte[] int8 = QdqExport.write(spec, djl.parameters(), normalization,
                    Calibration.run(spec, djl.parameters(), DATA,
                            PtqConfig.of(Map.of("calibrationBatches", 1))).quantization());
            float[] images = InputNormalization.scaledTestImages(DATA, 0, 100);
            int[] labels = Arrays.copyOf(DATA.testLabels(), 100);

            DeploymentReport report = DeploymentReport.measure(fp32, int8, images, labels);

            try (DeployedModel reference = DeployedModel.load(fp32); DeployedModel deployed = DeployedModel.load(int8)) {
                assertEquals(reference.accuracy(images, labels), report.fp32Accuracy(), 1e-9);
                assertEquals(deployed.accuracy(images, labels), report.accuracy(), 1e-9);
            }
            assertEquals(fp32.length, report.fp32SizeBytes());
            assertEquals(int8.length, report.sizeBytes());
            assertEquals((double) int8.length / fp32.length, report.sizeRatio(), 1e-12);
            assertTrue(report.integerKernels().integerKernels(), report.integerKernels().toString());
            assertEquals(report.fp32Latency().batch64().medianMs() / report.latency().batch64().medianMs(),
                    report.speedupBatch64(), 1e-12);
            assertEquals(OrtRuntime.THREADS, report.latency().threads());
        }
    }

    @Test
    void theProfileShowsTheIntegerKernelsOfAnInt8ModelAndTheFloatOnesOfItsFp32Parent() {
        ModelSpec spec = ModelZoo.build("small-cnn", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        try (DjlModels djl = DjlModels.fresh(spec, 1)) {
            InputNormalization normalization = InputNormalization.of(DATA);
            byte[] int8 = QdqExport.write(spec, djl.parameters(), normalization,
                    Calibration.run(spec, djl.parameters(), DATA,
                            PtqConfig.of(Map.of("calibrationBatches", 1))).quantization());
            byte[] fp32 = Fp32Export.write(spec, djl.parameters(), normalization);
            float[] images = InputNormalization.scaledTestImages(DATA, 0, 8);
            OperatorProfile quantized = OperatorProfile.measure(int8, images, 8, 3);
            OperatorProfile float32 = OperatorProfile.measure(fp32, images, 8, 3);
            assertTrue(quantized.microsPerRun().getOrDefault("QLinearConv", 0.0) > 0, quantized.toString());
            assertTrue(quantized.microsPerRun().keySet().stream().noneMatch(op -> op.contains("FusedConv")
                    || op.equals("Conv")), quantized.toString());
            assertTrue(float32.microsPerRun().keySet().stream().anyMatch(op -> op.contains("Conv")
                    && !op.startsWith("QLinear")), float32.toString());
        }
    }
}
