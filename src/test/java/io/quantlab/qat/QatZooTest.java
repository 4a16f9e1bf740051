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
 * convolutions, global pooling and early exits train with fake quantization (STE; LSQ with
 * PACT; binary weights), and the result is a complete deployable quantization (binary: the
 * binarized weights) whose simulation gives finite outputs.
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
        ModelSpec spec = spec(name);
        QuantizationAwareTraining.Result qat = fewSteps(spec, QatConfig.of(Map.of("weightBits", 4)));
        qat.quantization().requireComplete(DeployPlan.of(spec, true));
        assertFiniteOutputs(spec, qat);
    }

    /** LSQ weights with PACT activations at 8 bits: complete, so it deploys like PTQ. */
    @ParameterizedTest
    @MethodSource("models")
    void everyZooModelTrainsLsqAndPactToACompleteQuantization(String name) {
        ModelSpec spec = spec(name);
        QuantizationAwareTraining.Result qat = fewSteps(spec, QatConfig.of(Map.of("weightQuantizer", "lsq",
                "activationQuantizer", "pact")));
        qat.quantization().requireComplete(DeployPlan.of(spec, true));
        assertFiniteOutputs(spec, qat);
    }

    /** Binary weights with FP32 activations: every layer handed on as its binarized weights, no grid. */
    @ParameterizedTest
    @MethodSource("models")
    void everyZooModelTrainsBinaryWeights(String name) {
        ModelSpec spec = spec(name);
        QuantizationAwareTraining.Result qat = fewSteps(spec, QatConfig.of(Map.of("weightQuantizer", "binary")));
        assertEquals(DeployPlan.of(spec, true).weightedSteps().size(), qat.binaryLayers().size());
        assertTrue(qat.quantization().weights().isEmpty() && qat.quantization().activations().isEmpty());
        assertFiniteOutputs(spec, qat);
    }

    private static ModelSpec spec(String name) {
        return ModelZoo.build(name, DATA.channels(), DATA.height(), DATA.width(), DATA.classes());
    }

    /** Three steps of 32 images from fresh parameters. */
    private static QuantizationAwareTraining.Result fewSteps(ModelSpec spec, QatConfig config) {
        TrainedParameters parameters;
        try (DjlModels djl = DjlModels.fresh(spec, 5)) {
            parameters = djl.parameters();
        }
        TrainConfig parent = new TrainConfig(DATA.name(), spec.name(), 1, 32, 0.001, "sgd", 0.9, 0, 96, 0);
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parameters, DATA, parent, config,
                TrainListener.NONE);
        assertEquals(1, qat.epochs().size());
        return qat;
    }

    private static void assertFiniteOutputs(ModelSpec spec, QuantizationAwareTraining.Result qat) {
        String name = spec.name();
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
