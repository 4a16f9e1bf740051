package io.quantlab.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quantlab.InvalidInputException;
import io.quantlab.model.ModelSpec;
import io.quantlab.model.ModelZoo;
import io.quantlab.model.Node;
import io.quantlab.quant.QuantFormat;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.QuantScheme;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeployPlanTest {

    private static final ModelSpec SMALL_CNN = ModelZoo.build("small-cnn", 1, 28, 28, 10);

    private static String describe(DeployPlan.Step step) {
        return step.name() + (step.foldedBatchNorm() == null ? "" : "+" + step.foldedBatchNorm().name())
                + (step.activation() == null ? "" : "+" + step.activation().name());
    }

    @Test
    void batchNormFoldsIntoTheConvolutionAndReluMergesIntoTheStepBeforeIt() {
        DeployPlan plan = DeployPlan.of(SMALL_CNN, true);
        assertEquals(List.of("conv1+bn1+relu1", "pool1", "conv2+bn2+relu2", "pool2", "conv3+bn3+relu3", "avgpool",
                "flatten", "fc"), plan.steps().stream().map(DeployPlanTest::describe).toList());
        assertEquals(List.of("input", "relu1", "relu2", "relu3", "avgpool"), plan.quantizedTensors());
        assertEquals("relu1", plan.gridOf("pool1"));
        assertEquals("avgpool", plan.gridOf("flatten"));
        assertNull(plan.gridOf("fc"), "the logits stay float");
        assertEquals(List.of("conv1", "conv2", "conv3", "fc"),
                plan.weightedSteps().stream().map(DeployPlan.Step::name).toList());
    }

    @Test
    void withoutFoldingBatchNormIsAStepOfItsOwnWithTheRelu() {
        DeployPlan plan = DeployPlan.of(SMALL_CNN, false);
        assertEquals(List.of("conv1", "bn1+relu1", "pool1"),
                plan.steps().subList(0, 3).stream().map(DeployPlanTest::describe).toList());
        assertEquals(List.of("input", "conv1", "relu1", "conv2", "relu2", "conv3", "relu3", "avgpool"),
                plan.quantizedTensors());
    }

    @Test
    void aResidualAddTakesTheReluAfterIt() {
        DeployPlan plan = DeployPlan.of(ModelZoo.build("resnet-mini", 1, 28, 28, 10), true);
        DeployPlan.Step add = plan.producer("s1b1_relu");
        assertEquals("s1b1_add+s1b1_relu", describe(add));
        assertEquals(List.of("s1b1_bn2", "stem_relu"), add.inputs());
    }

    @Test
    void aTensorWithTwoReadersKeepsItsOwnStepAndEveryOutputStaysFloat() {
        DeployPlan plan = DeployPlan.of(ModelZoo.build("early-exit-cnn", 1, 28, 28, 10), true);
        assertEquals("pool1", plan.producer("pool1").name());
        assertEquals(List.of("pool1"), plan.producer("exit1_pool").inputs());
        assertNull(plan.gridOf("exit1_fc"));
        assertNull(plan.gridOf("fc"));
    }

    @Test
    void aDropoutBecomesAnIdentityThatKeepsItsInputsGrid() {
        ModelSpec spec = new ModelSpec("drop", List.of(1, 4, 4), List.of(
                new Node.Flatten("flatten", List.of("input")),
                new Node.Linear("fc1", List.of("flatten"), 8, true),
                new Node.Dropout("drop", List.of("fc1"), 0.5),
                new Node.Linear("fc2", List.of("drop"), 2, true)));
        DeployPlan plan = DeployPlan.of(spec, true);
        assertEquals("fc1", plan.gridOf("drop"));
        assertEquals("input", plan.gridOf("flatten"));
    }

    @Test
    void aDeployedGraphQuantizesActivationsToEightBitsOnly() {
        DeployPlan plan = DeployPlan.of(SMALL_CNN, true);
        Map<String, WeightQuantization> weights = new HashMap<>();
        plan.weightedSteps().forEach(s -> weights.put(s.name(), WeightQuantization.of(new QuantParams(0.01f, 0, -128, 127))));
        Map<String, QuantParams> activations = new HashMap<>();
        plan.quantizedTensors().forEach(t -> activations.put(t, new QuantParams(0.1f, 0, 0, 255)));
        new ModelQuantization(true, weights, activations).requireComplete(plan);

        Map<String, QuantParams> fourBits = new HashMap<>(activations);
        fourBits.put("relu2", QuantParams.fromRange(new io.quantlab.quant.ClipRange(0, 3),
                QuantFormat.of(4, QuantScheme.AFFINE)));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new ModelQuantization(true, weights, fourBits).requireComplete(plan));
        assertEquals("activationBits", e.field());

        Map<String, QuantParams> missing = new HashMap<>(activations);
        missing.remove("avgpool");
        assertThrows(IllegalArgumentException.class, () -> new ModelQuantization(true, weights, missing).requireComplete(plan));
        assertThrows(IllegalArgumentException.class, () -> new ModelQuantization(false, weights, activations).requireComplete(plan));
    }

    @Test
    void dynamicQuantizationCoversTheLinearLayersAloneAndNeitherItNorWeightOnlyTakesActivations() {
        DeployPlan plan = DeployPlan.of(SMALL_CNN, true);
        WeightQuantization int8 = WeightQuantization.of(new QuantParams(0.01f, 0, -128, 127));
        Map<String, WeightQuantization> all = new HashMap<>();
        plan.weightedSteps().forEach(s -> all.put(s.name(), int8));
        ModelQuantization.Mode dynamic = ModelQuantization.Mode.DYNAMIC;
        new ModelQuantization(dynamic, true, Map.of("fc", int8), Map.of()).requireComplete(plan);
        new ModelQuantization(ModelQuantization.Mode.WEIGHT_ONLY, true, all, Map.of()).requireComplete(plan);

        assertThrows(IllegalArgumentException.class,
                () -> new ModelQuantization(dynamic, true, all, Map.of()).requireComplete(plan));
        assertThrows(IllegalArgumentException.class, () -> new ModelQuantization(ModelQuantization.Mode.WEIGHT_ONLY,
                true, all, Map.of("input", new QuantParams(0.1f, 0, 0, 255))).requireComplete(plan));
    }
}
