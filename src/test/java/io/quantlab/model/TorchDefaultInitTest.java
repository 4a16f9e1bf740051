package io.quantlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import io.quantlab.torch.TorchThread;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TorchDefaultInitTest {

    private static final String ENGINE = "PyTorch";
    private static final int SEED = 7;

    static List<String> models() {
        return ModelZoo.names();
    }

    @Test
    void boundIsOneOverRootFanInWithFanInPerOutputUnit() {
        assertEquals(1 / 3.0, TorchDefaultInit.bound(new Shape(32, 1, 3, 3)), 1e-12);
        assertEquals(1 / Math.sqrt(32 * 9), TorchDefaultInit.bound(new Shape(64, 32, 3, 3)), 1e-12);
        assertEquals(1 / 3.0, TorchDefaultInit.bound(new Shape(96, 1, 3, 3)), 1e-12); // depthwise: one channel per group
        assertEquals(1 / Math.sqrt(2048), TorchDefaultInit.bound(new Shape(10, 2048)), 1e-12);
    }

    @ParameterizedTest
    @MethodSource("models")
    void convAndLinearWeightsAndBiasesStartUniformWithinOneOverRootFanInLikePyTorch(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        Map<String, List<Integer>> inputs = inputShapes(spec);
        try (Model model = Model.newInstance(name, Device.cpu(), ENGINE)) {
            GraphBlock block = initialized(model, spec, SEED);
            int layers = 0;
            for (Node node : spec.nodes()) {
                long fanIn = fanIn(node, inputs.get(node.name()));
                if (fanIn == 0) {
                    continue;
                }
                double bound = 1 / Math.sqrt(fanIn);
                ParameterList parameters = block.nodeBlock(node.name()).getParameters();
                assertUniform(parameters.get("weight").getArray().toFloatArray(), bound, node.name() + " weight");
                if (parameters.contains("bias")) {
                    assertUniform(parameters.get("bias").getArray().toFloatArray(), bound, node.name() + " bias");
                }
                layers++;
            }
            assertTrue(layers >= 2, name + " has conv or linear layers");
        }
    }

    @Test
    void depthwiseConvolutionsCountOneInputChannelPerGroup() {
        ModelSpec spec = ModelZoo.build(ModelZoo.MOBILENETV2_MINI, 1, 28, 28, 10);
        Node.Conv2d depthwise = spec.nodes().stream().filter(n -> n instanceof Node.Conv2d c && c.groups() > 1)
                .map(Node.Conv2d.class::cast).findFirst().orElseThrow();
        try (Model model = Model.newInstance("mobilenet", Device.cpu(), ENGINE)) {
            GraphBlock block = initialized(model, spec, SEED);
            float[] weight = block.nodeBlock(depthwise.name()).getParameters().get("weight").getArray().toFloatArray();
            // fan_in = 1·3·3, not in_channels·3·3 (PyTorch before 1.0 used the latter)
            assertUniform(weight, 1 / 3.0, depthwise.name());
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void batchNormStartsWithWeightOneBiasZeroRunningMeanZeroRunningVarianceOne(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        try (Model model = Model.newInstance(name, Device.cpu(), ENGINE)) {
            GraphBlock block = initialized(model, spec, SEED);
            for (Node node : spec.nodes()) {
                if (node instanceof Node.BatchNorm2d) {
                    ParameterList parameters = block.nodeBlock(node.name()).getParameters();
                    assertAll(parameters.get("gamma"), 1, node.name());
                    assertAll(parameters.get("beta"), 0, node.name());
                    assertAll(parameters.get("runningMean"), 0, node.name());
                    assertAll(parameters.get("runningVar"), 1, node.name());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"small-cnn", "lenet5", "mobilenetv2-mini", "mlp"})
    void sameSeedGivesBitIdenticalParametersAndAnotherSeedOthers(String name) {
        ModelSpec spec = ModelZoo.build(name, 1, 28, 28, 10);
        Map<String, float[]> first = parameters(spec, SEED);
        Map<String, float[]> again = parameters(spec, SEED);
        Map<String, float[]> other = parameters(spec, SEED + 1);
        assertEquals(first.keySet(), again.keySet());
        for (String parameter : first.keySet()) {
            assertArrayEquals(first.get(parameter), again.get(parameter), parameter);
        }
        for (String parameter : first.keySet()) {
            if (parameter.endsWith("_weight")) {
                assertFalse(Arrays.equals(first.get(parameter), other.get(parameter)), parameter + ", another seed");
            }
        }
    }

    @Test
    void seededSmallCnnStartsWithPyTorchsOwnValuesToTheBit() {
        // PyTorch 1.13 after torch.manual_seed(0), small_cnn() of bench/training/pytorch_reference.py:
        // the same generator drawing in the same order (fc's bias is the last draw of all)
        float[] conv1WeightStart = {-0.002495607f, 0.17881453f, -0.27434838f, -0.24531302f};
        float[] fcBias = {0.013135868f, -0.019794222f, -0.017912358f, -0.016717503f, -0.016119638f,
                -0.00571811f, 0.009918301f, 0.0053467886f, -0.009884126f, -0.008617598f};
        Map<String, float[]> values = parameters(ModelZoo.build(ModelZoo.SMALL_CNN, 1, 28, 28, 10), 0);
        assertArrayEquals(conv1WeightStart, Arrays.copyOf(values.get("conv1_weight"), 4));
        assertArrayEquals(fcBias, values.get("fc_bias"));
    }

    /**
     * All values within ±bound; for enough values also the spread of U(−bound, bound): the largest
     * near the bound, standard deviation bound/√3, half of them within bound/2, mean near 0.
     */
    private static void assertUniform(float[] values, double bound, String what) {
        double max = 0;
        double sum = 0;
        double sumOfSquares = 0;
        int inner = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
            sum += v;
            sumOfSquares += (double) v * v;
            inner += Math.abs(v) < bound / 2 ? 1 : 0;
        }
        int n = values.length;
        assertTrue(max <= bound * (1 + 1e-6), what + ": max |value| " + max + " over bound " + bound);
        if (n >= 50) {
            assertTrue(max > 0.9 * bound, what + ": max |value| " + max + " far below bound " + bound);
        } else {
            assertTrue(max > 0, what + " is not all zeros");
        }
        if (n >= 1000) {
            double mean = sum / n;
            double std = Math.sqrt(sumOfSquares / n - mean * mean);
            assertEquals(bound / Math.sqrt(3), std, 0.05 * bound / Math.sqrt(3), what + " std");
            assertEquals(0, mean, 5 * bound / Math.sqrt(3.0 * n), what + " mean");
            assertEquals(0.5, (double) inner / n, 0.05, what + ": share within half the bound");
        }
    }

    private static void assertAll(Parameter parameter, float expected, String node) {
        for (float v : parameter.getArray().toFloatArray()) {
            assertEquals(expected, v, node + " " + parameter.getName());
        }
    }

    /** in_channels/groups·k·k for a Conv2d, in_features for a Linear, 0 for layers without weights. */
    private static long fanIn(Node node, List<Integer> input) {
        if (node instanceof Node.Conv2d c) {
            return (long) input.get(0) / c.groups() * c.kernel() * c.kernel();
        } else if (node instanceof Node.Linear) {
            return input.stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b);
        }
        return 0;
    }

    /** Each node's input shape per sample (the zoo's nodes other than Add read one input). */
    private static Map<String, List<Integer>> inputShapes(ModelSpec spec) {
        Map<String, List<Integer>> outputs = new HashMap<>();
        outputs.put(ModelSpec.INPUT, spec.inputShape());
        for (ModelShapes.NodeShape shape : ModelShapes.of(spec)) {
            outputs.put(shape.name(), shape.outputShape());
        }
        Map<String, List<Integer>> inputs = new HashMap<>();
        for (Node node : spec.nodes()) {
            inputs.put(node.name(), outputs.get(node.inputs().get(0)));
        }
        return inputs;
    }

    private static Map<String, float[]> parameters(ModelSpec spec, int seed) {
        try (Model model = Model.newInstance(spec.name(), Device.cpu(), ENGINE)) {
            Map<String, float[]> values = new LinkedHashMap<>();
            initialized(model, spec, seed).getParameters()
                    .forEach(p -> values.put(p.getKey(), p.getValue().getArray().toFloatArray()));
            return values;
        }
    }

    /** Initialized as the Trainer does: the engine's generator seeded, on the TorchThread, where every job seeds it. */
    private static GraphBlock initialized(Model model, ModelSpec spec, int seed) {
        GraphBlock block = BlockBuilder.build(spec);
        model.setBlock(block);
        List<Integer> chw = spec.inputShape();
        TorchThread.run(() -> {
            Engine.getEngine(ENGINE).setRandomSeed(seed);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, chw.get(0), chw.get(1), chw.get(2)));
        });
        return block;
    }
}
