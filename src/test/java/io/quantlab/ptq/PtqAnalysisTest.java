package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.Json;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PTQ result page's analysis of a small CNN trained in the test on a Fashion-MNIST subset:
 * per-layer errors and histograms, layer sensitivity, the MCU estimate, at 8 and at 2 weight bits.
 */
class PtqAnalysisTest {

    private static final Dataset DATA = TrainedSmallCnn.DATA;
    private static final List<String> LAYERS = List.of("conv1", "conv2", "conv3", "fc");
    private static final int SENSITIVITY_IMAGES = 500;
    private static ModelSpec spec;
    private static TrainedParameters parameters;
    private static ModelQuantization w8;
    private static ModelQuantization w2;
    private static PtqAnalysis eight;
    private static PtqAnalysis two;

    @BeforeAll
    static void trainQuantizeAndAnalyse() {
        TrainedSmallCnn model = TrainedSmallCnn.train();
        spec = model.spec();
        parameters = model.parameters();
        PtqConfig eightBits = PtqConfig.of(Map.of("calibrationBatches", 2));
        PtqConfig twoBits = PtqConfig.of(Map.of("calibrationBatches", 2, "weightBits", 2));
        w8 = Calibration.run(spec, parameters, DATA, eightBits).quantization();
        w2 = Calibration.run(spec, parameters, DATA, twoBits).quantization();
        eight = PtqAnalysis.run(spec, parameters, w8, DATA, eightBits, PtqAnalysis.ERROR_IMAGES, SENSITIVITY_IMAGES);
        two = PtqAnalysis.run(spec, parameters, w2, DATA, twoBits, PtqAnalysis.ERROR_IMAGES, SENSITIVITY_IMAGES);
        System.out.println("analysis seconds: W8 " + eight.seconds() + ", W2 " + two.seconds());
    }

    @Test
    void everyQuantizedLayerHasItsErrorsAndTwoBitsAreWorseThanEight() {
        assertEquals(LAYERS, eight.layerErrors().stream().map(LayerError::layer).toList());
        assertEquals(LAYERS, two.layerErrors().stream().map(LayerError::layer).toList());
        for (int i = 0; i < LAYERS.size(); i++) {
            LayerError e8 = eight.layerErrors().get(i);
            LayerError e2 = two.layerErrors().get(i);
            String both = e8 + " / " + e2;
            assertEquals(8, e8.bits());
            assertEquals(2, e2.bits());
            assertTrue(e8.weightRelativeError() < 0.02, both);
            assertTrue(e2.weightRelativeError() > 5 * e8.weightRelativeError(), both);
            assertTrue(e2.weightMse() > e8.weightMse(), both);
            assertNotNull(e8.outputSqnrDb(), both);
            assertNotNull(e2.outputSqnrDb(), both);
            assertTrue(e8.outputSqnrDb() > 20, both);
            assertTrue(e2.outputSqnrDb() < e8.outputSqnrDb() - 6, both);
        }
    }

    @Test
    void histogramsOverlayFp32AndQuantizedWeightsInTheSameBins() {
        assertEquals(LAYERS, two.weightHistograms().stream().map(WeightHistogram::layer).toList());
        for (WeightHistogram h : two.weightHistograms()) {
            assertEquals(h.fp32().min(), h.quantized().min(), 0);
            assertEquals(h.fp32().max(), h.quantized().max(), 0);
            assertEquals(h.fp32().total(), h.quantized().total());
            assertEquals(WeightHistogram.BINS, h.quantized().counts().length);
        }
    }

    @Test
    void sensitivityRanksEveryLayerAndTwoBitLayersDropMoreThanEightBitOnes() {
        for (PtqAnalysis analysis : List.of(eight, two)) {
            LayerSensitivity s = analysis.sensitivity();
            assertEquals(SENSITIVITY_IMAGES, s.images());
            assertEquals(LAYERS.stream().sorted().toList(), s.layers().stream().map(LayerSensitivity.Layer::layer).sorted().toList());
            assertEquals(s.layers().stream().sorted(Comparator.comparingDouble(LayerSensitivity.Layer::accuracyDrop)
                    .reversed()).map(LayerSensitivity.Layer::accuracyDrop).toList(),
                    s.layers().stream().map(LayerSensitivity.Layer::accuracyDrop).toList(), "worst first");
            s.layers().forEach(layer -> assertEquals(s.fp32Accuracy() - layer.accuracy(), layer.accuracyDrop(), 1e-9));
        }
        assertEquals(eight.sensitivity().fp32Accuracy(), two.sensitivity().fp32Accuracy());
        String all = eight.sensitivity() + "\n" + two.sensitivity();
        assertTrue(eight.sensitivity().layers().get(0).accuracyDrop() < 1.5, all);
        assertTrue(two.sensitivity().layers().get(0).accuracyDrop() > eight.sensitivity().layers().get(0).accuracyDrop() + 2,
                all);
        assertTrue(totalChanged(two) > 3 * totalChanged(eight), all);
    }

    private static double totalChanged(PtqAnalysis analysis) {
        return analysis.sensitivity().layers().stream().mapToDouble(LayerSensitivity.Layer::changedPredictions).sum();
    }

    /** The ranking's shortcut (FP32 values up to the layer, the simulation from there) agrees with simulating the whole network. */
    @Test
    void eachLayerAloneScoresAsTheWholeSimulationWithOnlyThatLayerQuantized() {
        DeployPlan plan = DeployPlan.of(spec, true);
        for (DeployPlan.Step step : plan.weightedSteps()) {
            double whole;
            try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, w2.onlyStep(step))) {
                whole = network.testAccuracy(DATA, SENSITIVITY_IMAGES);
            }
            LayerSensitivity.Layer ranked = two.sensitivity().layers().stream()
                    .filter(layer -> layer.layer().equals(step.name())).findFirst().orElseThrow();
            assertEquals(whole, ranked.accuracy(), 0.41, step.name() + ": " + ranked);
        }
    }

    @Test
    void aQuantizationOfOneLayerSimulatesButDoesNotExport() {
        DeployPlan.Step conv2 = DeployPlan.of(spec, true).producer("relu2");
        ModelQuantization alone = w8.onlyStep(conv2);
        assertEquals(List.of("conv2"), List.copyOf(alone.weights().keySet()));
        assertEquals(List.of("relu2"), List.copyOf(alone.activations().keySet()));
        assertThrows(IllegalArgumentException.class,
                () -> QdqExport.write(spec, parameters, InputNormalization.of(DATA), alone));
    }

    @Test
    void dynamicQuantizationAnalysesItsLinearLayersOnly() {
        PtqConfig dynamic = PtqConfig.of(Map.of("mode", "dynamic"));
        PtqAnalysis analysis = PtqAnalysis.run(spec, parameters,
                Calibration.run(spec, parameters, DATA, dynamic).quantization(), DATA, dynamic, 64, 64);
        assertEquals(List.of("fc"), analysis.layerErrors().stream().map(LayerError::layer).toList());
        assertEquals(List.of("fc"), analysis.sensitivity().layers().stream().map(LayerSensitivity.Layer::layer).toList());
        assertNotNull(analysis.layerErrors().get(0).outputSqnrDb());
        assertTrue(analysis.mcu().weightBytes() > 3 * eight.mcu().weightBytes(), "the convolutions stay float32");
    }

    @Test
    void theAnalysisIsPlainJsonWithoutNanOrInfinity() {
        String json = Json.write(two);
        for (String key : List.of("layerErrors", "weightRelativeError", "outputSqnrDb", "weightHistograms", "fp32",
                "quantized", "sensitivity", "accuracyDrop", "mcu", "peakRamBytes", "chips")) {
            assertTrue(json.contains("\"" + key + "\""), key + " in " + json);
        }
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertEquals(McuEstimate.of(spec, PtqConfig.of(Map.of("weightBits", 2))), two.mcu());
    }
}
