package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QatConfigTest {

    @Test
    void onlyKindAndParentAreNeededTheRestTakesTheIssuesDefaults() {
        QatConfig c = QatConfig.of(Map.of("kind", "qat", "parent", 7));
        assertEquals(QatConfig.defaults(), c);
        assertEquals(1, c.epochs());
        assertEquals(8, c.weightBits());
        assertEquals(8, c.activationBits());
        assertEquals(PtqConfig.Granularity.PER_CHANNEL, c.granularity());
        assertEquals(QatConfig.Quantizer.STE, c.weightQuantizer());
        assertEquals(QatConfig.Quantizer.STE, c.activationQuantizer());
        assertEquals(StraightThrough.Gradient.CLIPPED, c.gradient());
    }

    @Test
    void theIssuesExampleReadsAndWritesBack() {
        Map<String, Object> example = Map.ofEntries(Map.entry("epochs", 1), Map.entry("learningRate", 0.001),
                Map.entry("optimizer", "sgd"), Map.entry("weightBits", 4), Map.entry("activationBits", 4),
                Map.entry("granularity", "per-channel"), Map.entry("weightQuantizer", "ste"),
                Map.entry("activationQuantizer", "ste"), Map.entry("freezeObserversAfter", 1),
                Map.entry("freezeBatchNormAfter", 1), Map.entry("seed", 0));
        QatConfig c = QatConfig.of(example);
        assertEquals(4, c.weightBits());
        assertEquals(4, c.activationBits());
        assertEquals(c, QatConfig.of(c.fields()));
    }

    @Test
    void badValuesNameTheirField() {
        assertField("weightBits", Map.of("weightBits", 1));
        assertField("activationBits", Map.of("activationBits", 9));
        assertField("epochs", Map.of("epochs", 0));
        assertField("learningRate", Map.of("learningRate", 0));
        assertField("learningRate", Map.of("learningRate", "fast"));
        assertField("optimizer", Map.of("optimizer", "rmsprop"));
        assertField("granularity", Map.of("granularity", "per-row"));
        assertField("weightQuantizer", Map.of("weightQuantizer", "magic"));
        assertField("activationQuantizer", Map.of("activationQuantizer", "relu"));
        assertField("weightScheme", Map.of("weightScheme", "sideways"));
        assertField("range", Map.of("range", "kl"));
        assertField("clipRatio", Map.of("clipRatio", 0));
        assertField("clipRatio", Map.of("clipRatio", 1.5));
        assertField("percentile", Map.of("percentile", 101));
        assertField("rounding", Map.of("rounding", "up"));
        assertField("layers", Map.of("layers", "conv1"));
        assertField("layers", Map.of("layers", List.of("conv1", 3)));
        assertField("layerBits", Map.of("layerBits", List.of(8)));
        assertField("layerBits", Map.of("layerBits", Map.of("fc", 4.5)));
        assertField("gradient", Map.of("gradient", "none"));
        assertField("freezeObserversAfter", Map.of("freezeObserversAfter", 0));
        assertField("freezeBatchNormAfter", Map.of("freezeBatchNormAfter", -1));
        assertField("seed", Map.of("seed", 1.5));
    }

    @Test
    void everyLabFiveFieldReadsAndWritesBack() {
        Map<String, Object> composed = Map.ofEntries(Map.entry("weightQuantizer", "lsq"),
                Map.entry("activationQuantizer", "pact"), Map.entry("weightBits", 4), Map.entry("activationBits", 4),
                Map.entry("weightScheme", "asymmetric"), Map.entry("range", "percentile"),
                Map.entry("percentile", 99.9), Map.entry("clipRatio", 0.8), Map.entry("rounding", "stochastic"),
                Map.entry("gradient", "identity"), Map.entry("layers", List.of("fc", "conv2")),
                Map.entry("layerBits", Map.of("fc", 8, "conv2", 2)));
        QatConfig c = QatConfig.of(composed);
        assertEquals(QatConfig.Quantizer.LSQ, c.weightQuantizer());
        assertEquals(QatConfig.Quantizer.PACT, c.activationQuantizer());
        assertEquals(PtqConfig.WeightScheme.ASYMMETRIC, c.weightScheme());
        assertEquals(QatConfig.Range.PERCENTILE, c.range());
        assertEquals(99.9, c.percentile());
        assertEquals(0.8, c.clipRatio());
        assertEquals(QatConfig.Rounding.STOCHASTIC, c.rounding());
        assertEquals(List.of("conv2", "fc"), c.layers());
        assertEquals(2, c.weightBits("conv2"));
        assertEquals(4, c.weightBits("conv1"), "a layer without layerBits takes weightBits");
        assertTrue(c.quantizes("fc") && !c.quantizes("conv1"));
        assertFalse(c.deploys());
        assertEquals(c, QatConfig.of(c.fields()));
        assertEquals("clip-ratio", QatConfig.of(Map.of("range", "clip-ratio")).fields().get("range"));
        assertEquals("min-max", QatConfig.defaults().fields().get("range"));
        assertFalse(QatConfig.defaults().fields().containsKey("layers"), "every layer: nothing to list");
        assertTrue(QatConfig.defaults().deploys());
        assertEquals(QatConfig.FIELDS.size() - 2, QatConfig.defaults().fields().size());
        assertTrue(QatConfig.FIELDS.containsAll(c.fields().keySet()));
    }

    @Test
    void binaryWeightsDefaultToOneBitAndFp32ActivationsAndBinaryActivationsToOneBit() {
        QatConfig binary = QatConfig.of(Map.of("weightQuantizer", "binary"));
        assertEquals(1, binary.weightBits());
        assertEquals(QatConfig.FP32, binary.activationBits());
        assertFalse(binary.quantizesActivations());
        assertEquals(binary, QatConfig.of(binary.fields()));
        QatConfig both = QatConfig.of(Map.of("weightQuantizer", "binary", "activationQuantizer", "binary"));
        assertEquals(1, both.activationBits());
        assertEquals(both, QatConfig.of(both.fields()));
        assertEquals(QatConfig.FP32, QatConfig.of(Map.of("activationBits", 32)).activationBits(), "weight-only QAT");
        assertEquals(1, QatConfig.of(Map.of("activationQuantizer", "binary", "weightBits", 4)).activationBits());
    }

    @Test
    void compositionsThatDoNotGoTogetherNameTheField() {
        assertField("weightQuantizer", Map.of("weightQuantizer", "pact"));
        assertField("weightBits", Map.of("weightQuantizer", "lsq", "weightBits", 1));
        assertField("activationBits", Map.of("activationQuantizer", "lsq", "activationBits", 1));
        assertField("activationBits", Map.of("activationQuantizer", "pact", "activationBits", 1));
        assertField("weightBits", Map.of("weightBits", 1), "1-bit weights without binary");
        assertField("activationBits", Map.of("activationBits", 1), "1-bit activations without binary");
        assertField("weightBits", Map.of("weightQuantizer", "binary", "weightBits", 4));
        assertField("activationBits", Map.of("weightQuantizer", "binary", "activationBits", 8));
        assertField("activationBits", Map.of("weightQuantizer", "binary", "activationBits", 4));
        assertField("activationBits", Map.of("activationQuantizer", "binary", "activationBits", 8));
        assertField("activationBits", Map.of("activationQuantizer", "pact", "activationBits", 32));
        assertField("activationBits", Map.of("activationBits", 16));
        assertField("layerBits", Map.of("layerBits", Map.of("fc", 9)));
        assertField("layerBits", Map.of("layerBits", Map.of("fc", 1)));
        assertField("layerBits", Map.of("layerBits", Map.of("fc", 0)));
        assertField("layerBits", Map.of("weightQuantizer", "binary", "layerBits", Map.of("fc", 4)));
        assertField("layerBits", Map.of("layers", List.of("conv1"), "layerBits", Map.of("fc", 4)));
    }

    @Test
    void layersAndLayerBitsAreCheckedAgainstTheModel() {
        ModelSpec cnn = ModelZoo.build(ModelZoo.SMALL_CNN, 1, 28, 28, 10);
        List<String> weighted = DeployPlan.of(cnn, true).weightedSteps().stream().map(DeployPlan.Step::name).toList();
        QatConfig.of(Map.of("layers", weighted, "layerBits", Map.of(weighted.get(0), 4))).requireLayersOf(cnn);
        InvalidInputException layers = assertThrows(InvalidInputException.class,
                () -> QatConfig.of(Map.of("layers", List.of("conv9"))).requireLayersOf(cnn));
        assertEquals("layers", layers.field());
        assertTrue(layers.getMessage().contains("'conv9'") && layers.getMessage().contains(weighted.get(0)),
                layers.getMessage());
        InvalidInputException bits = assertThrows(InvalidInputException.class,
                () -> QatConfig.of(Map.of("layerBits", Map.of("relu1", 4))).requireLayersOf(cnn));
        assertEquals("layerBits", bits.field());
    }

    @Test
    void fineTuningKeepsTheParentsDataAndBatchesWithTheseEpochsRateAndSeed() {
        TrainConfig parent = new TrainConfig("fashion-mnist", "small-cnn", 3, 32, 0.01, "adam", 0.9, 0.001, 5000, 4);
        TrainConfig tuning = QatConfig.of(Map.of("epochs", 2, "learningRate", 0.0005, "seed", 9)).fineTuning(parent);
        assertEquals("small-cnn", tuning.model());
        assertEquals(32, tuning.batchSize());
        assertEquals(5000, tuning.trainSubset());
        assertEquals(2, tuning.epochs());
        assertEquals(0.0005, tuning.learningRate());
        assertEquals("sgd", tuning.optimizer());
        assertEquals(9, tuning.seed());
        assertEquals(LearningRateSchedule.COSINE, tuning.schedule());
    }

    private static void assertField(String field, Map<String, Object> fields) {
        assertField(field, fields, fields.toString());
    }

    private static void assertField(String field, Map<String, Object> fields, String why) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QatConfig.of(fields), why);
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
