package io.quantlab.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quantlab.InvalidInputException;
import io.quantlab.Json;
import io.quantlab.train.TrainConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainRequestTest {

    @Test
    void formWithTheNewFieldsFillsTheConfig() {
        Map<String, String> form = Map.of("dataset", "synthetic", "model", "small-cnn", "schedule", "step",
                "stepEpochs", "3", "stepGamma", "0.5", "earlyStoppingPatience", "4", "validationSplit", "0.2",
                "augment", "true", "modelOptions", "{\"width\": 2}", "earlyExitThreshold", "0.8");
        TrainConfig c = TrainRequest.from(form::get);
        assertEquals("step", c.schedule());
        assertEquals(3, c.stepEpochs());
        assertEquals(0.5, c.stepGamma());
        assertEquals(4, c.earlyStoppingPatience());
        assertEquals(0.2, c.validationSplit());
        assertTrue(c.augment());
        assertEquals(Map.of("width", 2), c.modelOptions());
        assertEquals(0.8, c.earlyExitThreshold());
    }

    @Test
    void formWithoutTheNewFieldsGivesTheDefaults() {
        Map<String, String> form = Map.of("dataset", "synthetic", "model", "mlp", "modelOptions", " ");
        assertEquals(TrainConfig.defaults("synthetic", "mlp"), TrainRequest.from(form::get));
    }

    @Test
    void jsonTakesModelOptionsAsAnObjectAndAugmentAsABoolean() {
        TrainConfig c = TrainRequest.fromJson(Json.MAPPER.valueToTree(Map.of("kind", "train", "dataset", "synthetic",
                "model", "mlp", "augment", false, "modelOptions", Map.of("widths", List.of(512)), "schedule", "cosine")));
        assertFalse(c.augment());
        assertEquals(Map.of("widths", List.of(512)), c.modelOptions());
        assertEquals("cosine", c.schedule());
    }

    @Test
    void badValuesNameTheirField() {
        assertField("augment", Map.of("dataset", "synthetic", "model", "mlp", "augment", "maybe"));
        assertField("modelOptions", Map.of("dataset", "synthetic", "model", "mlp", "modelOptions", "[1, 2]"));
        assertField("stepEpochs", Map.of("dataset", "synthetic", "model", "mlp", "stepEpochs", "two"));
        assertThrows(InvalidInputException.class, () -> TrainRequest.fromJson(Json.MAPPER.valueToTree(Map.of(
                "kind", "train", "dataset", "synthetic", "model", "mlp", "epochs", List.of(1)))));
    }

    private static void assertField(String field, Map<String, String> form) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> TrainRequest.from(form::get));
        assertEquals(field, e.field());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }
}
