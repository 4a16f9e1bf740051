package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.quant.QuantParams;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A quantization of one step (layer sensitivity): the simulation accepts it, a deployed graph does not. */
class PartialQuantizationTest {

    private static final ModelSpec SMALL_CNN = ModelZoo.build("small-cnn", 1, 28, 28, 10);
    private static final DeployPlan PLAN = DeployPlan.of(SMALL_CNN, true);
    private static final WeightQuantization INT8 = WeightQuantization.of(new QuantParams(0.01f, 0, -128, 127));
    private static final QuantParams UINT8 = new QuantParams(0.1f, 0, 0, 255);

    private static ModelQuantization complete() {
        Map<String, WeightQuantization> weights = new HashMap<>();
        PLAN.weightedSteps().forEach(s -> weights.put(s.name(), INT8));
        Map<String, QuantParams> activations = new HashMap<>();
        PLAN.quantizedTensors().forEach(t -> activations.put(t, UINT8));
        return new ModelQuantization(true, weights, activations);
    }

    @Test
    void oneStepKeepsItsWeightsAndItsOutputGridOnly() {
        ModelQuantization conv2 = complete().onlyStep(PLAN.producer("relu2"));
        assertEquals(Map.of("conv2", INT8), conv2.weights());
        assertEquals(Map.of("relu2", UINT8), conv2.activations());
        ModelQuantization fc = complete().onlyStep(PLAN.producer("fc"));
        assertEquals(Map.of(), fc.activations(), "the logits are not quantized");
        conv2.requireKnownTo(PLAN);
        assertThrows(IllegalArgumentException.class, () -> conv2.requireParameters(PLAN));
        assertThrows(IllegalArgumentException.class, () -> conv2.requireComplete(PLAN));
    }

    @Test
    void aPartialQuantizationMustStillBelongToThePlan() {
        ModelQuantization.Mode dynamic = ModelQuantization.Mode.DYNAMIC;
        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(true, Map.of("pool1", INT8), Map.of()).requireKnownTo(PLAN));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(true, Map.of(), Map.of("pool1", UINT8)).requireKnownTo(PLAN));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(dynamic, true, Map.of("conv1", INT8), Map.of()).requireKnownTo(PLAN));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(dynamic, true, Map.of(), Map.of("input", UINT8)).requireKnownTo(PLAN));
        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(false, Map.of("conv1", INT8), Map.of()).requireKnownTo(PLAN));
        new ModelQuantization(dynamic, true, Map.of("fc", INT8), Map.of()).requireKnownTo(PLAN);
    }
}
