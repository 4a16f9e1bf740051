package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.data.Dataset;
import io.quantlab.data.Datasets;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.DjlModels;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A few QAT steps on every zoo model (fresh parameters): residual Adds, ReLU6, depthwise
 * convolutions, global pooling and early exits train with fake quantization, and the result is
 * a complete deployable quantization whose simulation gives finite outputs.
 */
class QatZooTest {

    private static final Datasets DATASETS = new Datasets();
    private static final Dataset DATA = DATASETS.get(DATASETS.status().get(0).present() ? "fashion-mnist" : "synthetic");

    static List<String> models() {
        return ModelZoo.names();
    }

    @ParameterizedTest
    @MethodSource("models")
    void everyZooModelTrainsAndConvertsToACompleteQuantization(String name) {
        ModelSpec spec = ModelZoo.build(name, DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
        TrainedParameters parameters;
        try (DjlModels djl = DjlModels.fresh(spec, 5)) {
            parameters = djl.parameters();
        }
        TrainConfig parent = new TrainConfig(DATA.name(), name, 1, 32, 0.001, "sgd", 0.9, 0, 96, 0);
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parameters, DATA, parent,
                QatConfig.of(Map.of("weightBits", 4)), TrainListener.NONE);
        assertEquals(1, qat.epochs().size());
        qat.quantization().requireComplete(DeployPlan.of(spec, true));
        try (FakeQuantizedNetwork simulation = new FakeQuantizedNetwork(spec, qat.parameters(), qat.quantization())) {
            float[][][] outputs = simulation.outputs(DjlModels.normalizedTestImages(DATA, 0, 16), 16);
            assertEquals(spec.outputNames().size(), outputs.length);
            for (float[][] output : outputs) {
                for (float[] logits : output) {
                    for (float logit : logits) {
                        assertTrue(Float.isFinite(logit), name + " gives a non-finite logit");
                    }
                }
            }
        }
    }
}
