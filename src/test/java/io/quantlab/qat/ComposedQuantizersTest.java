package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.nn.Parameter;
import io.quantlab.InvalidInputException;
import io.quantlab.data.Dataset;
import io.quantlab.deploy.DeployPlan;
import io.quantlab.deploy.ModelQuantization;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.TrainedParameters;
import io.quantlab.deploy.WeightQuantization;
import io.quantlab.model.ModelSpec;
import io.quantlab.ptq.Calibration;
import io.quantlab.ptq.FakeQuantizedNetwork;
import io.quantlab.ptq.PtqListener;
import io.quantlab.ptq.PtqPipeline;
import io.quantlab.ptq.TrainedSmallCnn;
import io.quantlab.quant.BitPacking;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.RangeEstimator;
import io.quantlab.torch.TorchThread;
import io.quantlab.train.TrainConfig;
import io.quantlab.train.TrainListener;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lab 5's quantizers on a small CNN trained in the test: LSQ's steps and PACT's clips are
 * trained by the optimizer and become the converted grids, binary layers are handed on as
 * sign(w)·α, and partial and mixed-precision QAT quantize only the chosen layers at their own
 * bits, packed at those bits.
 */
class ComposedQuantizersTest {

    private static final Dataset DATA = TrainedSmallCnn.DATA;
    private static final int TEST_IMAGES = 1000;
    private static TrainConfig fineTuning;
    private static ModelSpec spec;
    private static TrainedParameters parent;

    @BeforeAll
    static void train() {
        TrainedSmallCnn trained = TrainedSmallCnn.train();
        spec = trained.spec();
        parent = trained.parameters();
        fineTuning = new TrainConfig(DATA.name(), "small-cnn", 1, 64, 0.001, "adam", 0.9, 0, 640, 0);
    }

    private static double simulated(TrainedParameters parameters, ModelQuantization quantization) {
        try (FakeQuantizedNetwork network = new FakeQuantizedNetwork(spec, parameters, quantization)) {
            return network.testAccuracy(DATA, TEST_IMAGES);
        }
    }

    /**
     * Trains {@code config} on the parent and puts the block's learned parameters (LSQ steps, PACT
     * clips) by name into {@code learned}, as the last epoch left them.
     */
    private static QuantizationAwareTraining.Result run(QatConfig config, Map<String, float[]> learned) {
        QatNetwork network = new QatNetwork(spec, parent, config);
        return QuantizationAwareTraining.run(network, DATA, fineTuning, config, TrainListener.onEpochDone(stats ->
                TorchThread.run(() -> {
                    for (Parameter p : network.getDirectParameters().values()) {
                        learned.put(p.getName(), p.getArray().toFloatArray());
                    }
                })));
    }

    @Test
    void lsqTrainsItsStepsAndTheyBecomeTheConvertedGrids() {
        QatConfig config = QatConfig.of(Map.of("weightQuantizer", "lsq", "activationQuantizer", "lsq",
                "weightBits", 4, "activationBits", 4, "optimizer", "adam"));
        Map<String, float[]> steps = new HashMap<>();
        QuantizationAwareTraining.Result qat = run(config, steps);
        DeployPlan plan = DeployPlan.of(spec, true);
        assertEquals(plan.weightedSteps().size() + plan.quantizedTensors().size(), steps.size(), steps.keySet().toString());
        for (DeployPlan.Step step : plan.weightedSteps()) {
            float[] step0 = steps.get("lsqStep-" + step.name());
            WeightQuantization grid = qat.quantization().weights().get(step.name());
            assertTrue(Arrays.equals(step0, grid.scales()), step.name() + ": the learned steps are the grid's scales");
            assertEquals(4, grid.bits());
            // LSQ's start, the STE grid of the parent's folded weights (min-max, symmetric 4-bit, per channel):
            // the optimizer moved the steps from there
            StepWeights w = StepWeights.of(step, parent);
            int moved = 0;
            for (int c = 0; c < step0.length; c++) {
                float[] channel = w.outputChannelAxis().gather(w.weight(), c);
                double start = new RangeEstimator.MinMax()
                        .params(channel, config.weightFormat(4)).scale();
                moved += Math.abs(step0[c] - start) > 1e-3 * start ? 1 : 0;
            }
            assertTrue(moved > step0.length / 2, step.name() + ": " + moved + " of " + step0.length + " steps moved");
        }
        for (String tensor : plan.quantizedTensors()) {
            QuantParams grid = qat.quantization().activations().get(tensor);
            assertEquals(steps.get("lsqStep-" + tensor)[0], grid.scale(), 0f, tensor);
            assertEquals(15, grid.qmax());
        }
        double accuracy = simulated(qat.parameters(), qat.quantization());
        System.out.println("LSQ W4A4: " + accuracy + "%");
        assertTrue(accuracy > 60, "LSQ W4A4 after one short epoch: " + accuracy + "%");
    }

    @Test
    void pactLearnsTheReluOutputsClipsAndTheGridIsZeroToAlpha() {
        QatConfig config = QatConfig.of(Map.of("activationQuantizer", "pact", "weightBits", 4, "activationBits", 4,
                "optimizer", "adam"));
        Map<String, float[]> alphas = new HashMap<>();
        QuantizationAwareTraining.Result qat = run(config, alphas);
        assertFalse(alphas.containsKey("pactAlpha-" + ModelSpec.INPUT), "the signed input keeps the STE");
        assertTrue(alphas.size() >= 3, alphas.keySet().toString());
        // the same batches at a rate that leaves α where the first batch put it
        Map<String, float[]> starts = new HashMap<>();
        run(QatConfig.of(Map.of("activationQuantizer", "pact", "weightBits", 4, "activationBits", 4,
                "optimizer", "adam", "learningRate", 1e-9)), starts);
        alphas.forEach((name, alpha) -> {
            assertTrue(Math.abs(alpha[0] - starts.get(name)[0]) > 1e-5 * starts.get(name)[0],
                    name + " trained from " + starts.get(name)[0] + " to " + alpha[0]);
            QuantParams grid = qat.quantization().activations().get(name.substring("pactAlpha-".length()));
            assertEquals(new QuantParams(alpha[0] / 15, 0, 0, 15), grid, name);
        });
        QuantParams input = qat.quantization().activations().get(ModelSpec.INPUT);
        assertNotEquals(0, input.zeroPoint(), "the normalized input is signed: an affine STE grid");
        double accuracy = simulated(qat.parameters(), qat.quantization());
        System.out.println("PACT A4 W4: " + accuracy + "%");
        assertTrue(accuracy > 60, "PACT A4 (W4) after one short epoch: " + accuracy + "%");
    }

    @Test
    void binaryLayersAreHandedOnAsSignTimesAlphaAndPackedAtOneBit() {
        QatConfig config = QatConfig.of(Map.of("weightQuantizer", "binary", "optimizer", "adam"));
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parent, DATA, fineTuning, config,
                TrainListener.NONE);
        DeployPlan plan = DeployPlan.of(spec, true);
        Set<String> layers = new TreeSet<>(plan.weightedSteps().stream().map(DeployPlan.Step::name).toList());
        assertEquals(layers, qat.binaryLayers());
        assertTrue(qat.quantization().weights().isEmpty() && qat.quantization().activations().isEmpty(),
                "no grids: binary weights run as they are, activations stay FP32 (activationBits 32)");
        for (DeployPlan.Step step : plan.weightedSteps()) {
            float[] weight = qat.parameters().get(step.name(), "weight");
            int channels = StepWeights.of(step, qat.parameters()).outputChannels();
            int perChannel = weight.length / channels;
            for (int c = 0; c < channels; c++) {
                Set<Float> magnitudes = new TreeSet<>();
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                    magnitudes.add(Math.abs(weight[i]));
                }
                assertEquals(1, magnitudes.size(), step.name() + " channel " + c + ": ±α only, got " + magnitudes);
            }
        }
        double accuracy = simulated(qat.parameters(), qat.quantization());
        System.out.println("binary weights, FP32 activations: " + accuracy + "%");
        assertTrue(accuracy > 30, "binary weights, FP32 activations: " + accuracy + "% (chance is 10%)");

        PtqPipeline.Result result = new PtqPipeline(spec, qat.parameters(), DATA).evaluate(config.weightGrids(),
                new Calibration.Result(qat.quantization(), List.of(), 0),
                new PtqPipeline.EvaluationOptions(qat.binaryLayers(), true), PtqListener.NONE);
        long expected = 0;
        for (DeployPlan.Step step : plan.weightedSteps()) {
            StepWeights w = StepWeights.of(step, qat.parameters());
            expected += BitPacking.packedBytes(w.weight().length, 1) + 4L * w.outputChannels();
        }
        assertEquals(expected, result.packedWeightBytes(), "one bit per weight and a float α per output channel");
        assertEquals(null, result.deployed(), "binary is simulated only");
        assertEquals(accuracy, simulated(qat.parameters(), qat.quantization()), 0.0);
    }

    @Test
    void onlyTheChosenLayersAreQuantizedEachAtItsOwnBitsAndPackedSo() {
        QatConfig config = QatConfig.of(Map.of("layers", List.of("conv2", "fc"), "weightBits", 4,
                "layerBits", Map.of("fc", 2)));
        QuantizationAwareTraining.Result qat = QuantizationAwareTraining.run(spec, parent, DATA, fineTuning, config,
                TrainListener.NONE);
        ModelQuantization q = qat.quantization();
        assertEquals(Set.of("conv2", "fc"), q.weights().keySet());
        assertEquals(4, q.weights().get("conv2").bits());
        assertEquals(2, q.weights().get("fc").bits());
        DeployPlan plan = DeployPlan.of(spec, true);
        Set<String> expectedTensors = new TreeSet<>();
        for (String layer : List.of("conv2", "fc")) {
            DeployPlan.Step step = plan.weightedSteps().stream().filter(s -> s.name().equals(layer)).findFirst()
                    .orElseThrow();
            expectedTensors.add(plan.gridOf(step.inputs().get(0)));
            if (plan.gridOf(step.output()) != null) {
                expectedTensors.add(plan.gridOf(step.output()));
            }
        }
        assertEquals(expectedTensors, new TreeSet<>(q.activations().keySet()), "the tensors conv2 and fc read or write");
        assertFalse(q.isComplete(plan), "partial: simulated only");

        PtqPipeline.Result result = new PtqPipeline(spec, qat.parameters(), DATA).evaluate(config.weightGrids(),
                new Calibration.Result(q, List.of(), 0), new PtqPipeline.EvaluationOptions(qat.binaryLayers(), true),
                PtqListener.NONE);
        long expected = 0;
        long floats = 0;
        for (DeployPlan.Step step : plan.weightedSteps()) {
            StepWeights w = StepWeights.of(step, qat.parameters());
            WeightQuantization grid = q.weights().get(step.name());
            if (grid != null) {
                expected += BitPacking.packedBytes(w.weight().length, grid.bits()) + 4L * grid.scales().length;
            } else {
                floats += w.weight().length;
            }
            floats += w.bias() == null ? 0 : w.bias().length;
        }
        assertEquals(expected, result.packedWeightBytes(), "conv2 at 4 bits, fc at 2, with a scale per channel");
        assertEquals(expected + 4 * floats, result.packedModelBytes(), "conv1 and conv3 stay float32");
        assertEquals(null, result.deployed());
        System.out.println("conv2 W4 fc W2: " + result.simulatedAccuracy() + "%, " + result.packedModelBytes() + " bytes");
        assertTrue(result.simulatedAccuracy() > 60, "conv2 W4 and fc W2: " + result.simulatedAccuracy() + "%");
    }

    @Test
    void aFineTuningThatDivergesFailsNamingTheLearningRate() {
        float[] bias = parent.get("fc", "bias").clone();
        bias[3] = Float.NaN; // what a rate far too high leaves after a step: NaN logits, a NaN loss
        TrainedParameters broken = parent.with("fc", "bias", bias);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> QuantizationAwareTraining.run(spec,
                broken, DATA, fineTuning, QatConfig.of(Map.of("weightQuantizer", "lsq")), TrainListener.NONE));
        assertEquals("learningRate", e.field());
        assertTrue(e.getMessage().contains("diverged") && e.getMessage().contains("smaller learningRate"), e.getMessage());
    }
}
