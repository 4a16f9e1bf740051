package io.quantlab.ptq;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployedModel;
import io.quantlab.deploy.DjlModels;
import io.quantlab.deploy.InputNormalization;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.QdqExport;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulation of every zoo model (fresh parameters, BatchNorm statistics at random) against its
 * QDQ file in ONNX Runtime: residual Adds, ReLU6, global pooling, early exits and unfolded
 * BatchNorm are fake-quantized where the deployed graph quantizes them. Fresh Conv and Linear
 * weights are not seeded, so the tolerances leave room for a near tie of tiny logits.
 */
class PtqZooTest {

    private static final Datasets DATASETS = new Datasets();
    private static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");
    private static final int IMAGES = 32;

    static List<String> models() {
        return ModelZoo.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyZooModelsSimulationMatchesItsDeployedFile(String name) {
        assertSimulationMatchesDeployed(name, PtqConfig.of(Map.of("calibrationBatches", 1)));
    }

    @Test
    void unfoldedBatchNormIsSimulatedAsDeployed() {
        assertSimulationMatchesDeployed("small-cnn", PtqConfig.of(Map.of("calibrationBatches", 1, "foldBatchNorm", false,
                "granularity", "per-tensor")));
    }

    private static void assertSimulationMatchesDeployed(String name, PtqConfig config) {
        ModelSpec spec = ModelZoo.build(name, DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        TrainedParameters parameters;
        try (DjlModels djl = DjlModels.fresh(spec, 5)) {
            parameters = djl.parameters();
        }
        ModelQuantization quantization = Calibration.run(spec, parameters, DATA, config).quantization();
        try (FakeQuantizedNetwork simulation = new FakeQuantizedNetwork(spec, parameters, quantization);
             DeployedModel deployed = DeployedModel.load(
                     QdqExport.write(spec, parameters, InputNormalization.of(DATA), quantization))) {
            OutputAgreement agreement = OutputAgreement.of(simulation, deployed, DATA, IMAGES);
            assertTrue(agreement.top1() >= 90 && agreement.withinAStep() >= 95, name + ": " + agreement);
        }
    }
}
