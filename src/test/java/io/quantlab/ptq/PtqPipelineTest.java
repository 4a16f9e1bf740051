package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DjlModels;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PTQ pipeline's phases, stop signal and modes on a freshly initialized small CNN and the
 * synthetic data set (500 test images): what it reports, not how accurate an untrained model is.
 */
class PtqPipelineTest {
    private static final Dataset DATA = new Datasets().get("synthetic");
    private static PtqPipeline pipeline;

    @BeforeAll
    static void prepare() {
        ModelSpec spec = ModelZoo.build("small-cnn", DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        TrainedParameters parameters;
        try (DjlModels djl = DjlModels.fresh(spec, 3)) {
            parameters = djl.parameters();
        }
        pipeline = new PtqPipeline(spec, parameters, DATA);
    }

    /** Records the phases it hears; asks to stop once {@code stopAt} has begun (null: never). */
    private static final class Phases implements PtqListener {
        final List<String> heard = new ArrayList<>();
        final String stopAt;

        Phases(String stopAt) {
            this.stopAt = stopAt;
        }

        @Override
        public void phase(String phase) {
            heard.add(phase);
        }

        @Override
        public boolean stopRequested() {
            return heard.contains(stopAt);
        }
    }

    @Test
    void reportsEachPhaseInOrder() {
        Phases phases = new Phases(null);
        pipeline.fp32(phases);
        assertEquals(List.of(PtqPipeline.EXPORTING, PtqPipeline.MEASURING), phases.heard);
        assertEquals(PtqPipeline.FP32_PHASES, phases.heard.size());
        phases.heard.clear();
        pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), phases);
        assertEquals(List.of(PtqPipeline.CALIBRATING, PtqPipeline.CONVERTING, PtqPipeline.EXPORTING,
                PtqPipeline.EVALUATING, PtqPipeline.MEASURING), phases.heard);
        assertEquals(PtqPipeline.QUANTIZATION_PHASES, phases.heard.size());
    }

    @Test
    void stopsWithinThePhaseItWasAskedIn() {
        Phases phases = new Phases(PtqPipeline.EVALUATING);
        assertThrows(PtqStoppedException.class,
                () -> pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), phases));
        assertEquals(List.of(PtqPipeline.CALIBRATING, PtqPipeline.CONVERTING, PtqPipeline.EXPORTING,
                PtqPipeline.EVALUATING), phases.heard, "no measuring after the stop");
    }

    @Test
    void staticW8A8DeploysWithItsCalibrationTable() {
        PtqPipeline.Result r = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), PtqListener.NONE);
        assertNotNull(r.deployed());
        assertEquals(r.deployed().onnx().length, r.sizeBytes());
        assertEquals(r.calibration().tensors().size(), r.table().activations().size());
        assertTrue(r.deployed().top1Agreement() >= 0 && r.deployed().top1Agreement() <= 100);
        assertEquals(4, r.table().layers().size(), "three convolutions and the classifier");
    }

    @Test
    void dynamicModeQuantizesTheLinearLayersAndDeploys() {
        PtqPipeline.Result r = pipeline.quantize(PtqConfig.of(Map.of("mode", "dynamic")), PtqListener.NONE);
        assertNotNull(r.deployed());
        assertTrue(r.table().activations().isEmpty(), "activations are quantized per batch at run time");
        assertTrue(r.table().layers().stream().allMatch(layer -> layer.op().equals("Linear")), r.table().toString());
    }

    @Test
    void fourBitActivationsOnlySimulateAndFourBitWeightsPackIntoHalfTheBytes() {
        PtqPipeline.Result eight = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), PtqListener.NONE);
        PtqPipeline.Result a4 = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1, "activationBits", 4)),
                PtqListener.NONE);
        assertNull(a4.deployed());
        assertEquals(a4.packedModelBytes(), a4.sizeBytes());
        assertEquals(eight.packedWeightBytes(), a4.packedWeightBytes(), "the same 8-bit weights");
        PtqPipeline.Result w4 = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1, "weightBits", 4,
                "mode", "weight-only")), PtqListener.NONE);
        long scales = eight.packedWeightBytes() - w4.packedWeightBytes();
        assertTrue(scales > 0.45 * eight.packedWeightBytes() && scales < 0.5 * eight.packedWeightBytes(),
                eight.packedWeightBytes() + " at 8 bits, " + w4.packedWeightBytes() + " at 4");
    }

    @Test
    void analysesEveryQuantizedLayerOfAResultAsOnePhase() {
        PtqPipeline.Result r = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), PtqListener.NONE);
        Phases phases = new Phases(null);
        PtqAnalysis analysis = pipeline.analyse(r, phases);
        assertEquals(List.of(PtqPipeline.ANALYSING), phases.heard);
        assertEquals(PtqPipeline.ANALYSIS_PHASES, phases.heard.size());
        List<String> layers = r.table().layers().stream().map(QuantizationTable.LayerGrid::layer).toList();
        assertEquals(layers, analysis.layerErrors().stream().map(LayerError::layer).toList());
        assertEquals(layers, analysis.weightHistograms().stream().map(WeightHistogram::layer).toList());
        assertEquals(Set.copyOf(layers), analysis.sensitivity().layers().stream()
                .map(LayerSensitivity.Layer::layer).collect(Collectors.toSet()));
        assertTrue(analysis.mcu().macs() > 0 && analysis.mcu().flashBytes() > 0 && analysis.mcu().peakRamBytes() > 0);
    }

    @Test
    void aStopAskedDuringTheAnalysisEndsItWithoutAResult() {
        PtqPipeline.Result r = pipeline.quantize(PtqConfig.of(Map.of("calibrationBatches", 1)), PtqListener.NONE);
        Phases phases = new Phases(PtqPipeline.ANALYSING);
        assertThrows(PtqStoppedException.class, () -> pipeline.analyse(r, phases));
        assertEquals(List.of(PtqPipeline.ANALYSING), phases.heard);
    }
}
