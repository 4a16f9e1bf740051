package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import io.quantlab.ptq.PtqConfig;
import io.quantlab.train.LearningRateSchedule;
import io.quantlab.train.TrainConfig;
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
        assertField("weightQuantizer", Map.of("weightQuantizer", "lsq"));
        assertField("activationQuantizer", Map.of("activationQuantizer", "pact"));
        assertField("gradient", Map.of("gradient", "none"));
        assertField("freezeObserversAfter", Map.of("freezeObserversAfter", 0));
        assertField("freezeBatchNormAfter", Map.of("freezeBatchNormAfter", -1));
        assertField("seed", Map.of("seed", 1.5));
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
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QatConfig.of(fields));
        assertEquals(field, e.field(), e.getMessage());
    }
}
