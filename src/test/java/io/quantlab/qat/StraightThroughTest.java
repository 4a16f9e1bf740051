package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.quant.LearnableFakeQuant;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.TorchReference;
import io.quantlab.torch.TorchThread;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fake quantization in DJL's autograd graph against PyTorch's own fake-quantize ops on the same
 * inputs (shared/fixtures): the values to the bit, and the gradient of the sum, which for the
 * clipped straight-through estimator is 1 inside the grid and 0 where a value is clipped, and for
 * the identity estimator 1 everywhere; LSQ's learned step against PyTorch's learnable
 * fake-quantize, PACT and binary weights against values computed by hand.
 */
class StraightThroughTest {

    private static final String PER_TENSOR = "torch.fake_quantize_per_tensor_affine";
    private static final String PER_CHANNEL = "torch.fake_quantize_per_channel_affine";
    private static final String LEARNABLE = "torch._fake_quantize_learnable_per_tensor_affine";

    @TestFactory
    Stream<DynamicTest> perTensorClippedGivesPyTorchsValuesAndGradients() {
        return TorchReference.each(PER_TENSOR, c -> check(c, StraightThrough.Gradient.CLIPPED,
                x -> StraightThrough.fakeQuantize(x, perTensor(c.get("params")), StraightThrough.Gradient.CLIPPED)));
    }

    @TestFactory
    Stream<DynamicTest> perChannelClippedGivesPyTorchsValuesAndGradients() {
        return TorchReference.each(PER_CHANNEL, c -> check(c, StraightThrough.Gradient.CLIPPED,
                x -> StraightThrough.fakeQuantize(x, perChannel(c.get("params")), StraightThrough.Gradient.CLIPPED)));
    }

    @TestFactory
    Stream<DynamicTest> identityPassesTheGradientEverywhere() {
        return TorchReference.each(PER_TENSOR, c -> check(c, StraightThrough.Gradient.IDENTITY,
                x -> StraightThrough.fakeQuantize(x, perTensor(c.get("params")), StraightThrough.Gradient.IDENTITY)));
    }

    /**
     * LSQ through the DJL graph against {@code torch._fake_quantize_learnable_per_tensor_affine}:
     * the values to the bit, the input's gradient (1 inside, 0 clipped) and the step's gradient
     * (eq. 3, times the case's gradient factor) for an upstream gradient of ones. The zero-point
     * is not learned here, so its gradient is not compared; the forward rounds it half to even.
     */
    @TestFactory
    Stream<DynamicTest> learnedStepGivesPyTorchsValuesAndInputAndStepGradients() {
        return TorchReference.each(LEARNABLE, c -> {
            JsonNode p = c.get("params");
            float[] input = TorchReference.floats(c.get("input"));
            long[] dims = Arrays.stream(TorchReference.shape(c.get("input"))).asLongStream().toArray();
            float zeroPoint = (float) Math.rint(p.get("zero_point").asDouble());
            float[][] result = TorchThread.call(() -> {
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    NDArray x = manager.create(input, new Shape(dims));
                    NDArray scale = manager.create(new float[] {(float) p.get("scale").asDouble()}, new Shape(1));
                    x.setRequiresGradient(true);
                    scale.setRequiresGradient(true);
                    NDArray y;
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        y = StraightThrough.learnedStep(x, scale, manager.create(new float[] {zeroPoint}, new Shape(1)),
                                p.get("quant_min").asInt(), p.get("quant_max").asInt(),
                                (float) p.get("grad_factor").asDouble(), false);
                        collector.backward(y.sum());
                    }
                    return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(),
                            scale.getGradient().toFloatArray()};
                }
            });
            JsonNode expected = c.get("expected");
            assertArrayEquals(TorchReference.floats(expected.get("output")), result[0], 0f, "values");
            assertArrayEquals(TorchReference.floats(expected.get("grad_input")), result[1], 0f, "input gradient");
            double gradScale = expected.get("grad_scale").asDouble();
            assertEquals(gradScale, result[2][0], Math.max(1e-5 * Math.abs(gradScale), 1e-5), "step gradient");
        });
    }

    /** One step per output channel: each row as {@code LearnableFakeQuant} (the plain-Java LSQ) computes it alone. */
    @Test
    void learnedStepPerChannelIsEachChannelsOwnLsq() {
        float[] w = {0.31f, -0.72f, 0.05f, 1.9f, -0.018f, 0.4f, 0.22f, -0.09f};
        float[] steps = {0.1f, 0.03f};
        float g = 0.25f;
        float[][] result = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                NDArray x = manager.create(w, new Shape(2, 4));
                NDArray scale = manager.create(steps, new Shape(2, 1));
                x.setRequiresGradient(true);
                scale.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    y = StraightThrough.learnedStep(x, scale, manager.zeros(new Shape(2, 1)), -8, 7, g, false);
                    collector.backward(y.sum());
                }
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), scale.getGradient().toFloatArray()};
            }
        });
        for (int c = 0; c < 2; c++) {
            float[] row = Arrays.copyOfRange(w, 4 * c, 4 * c + 4);
            LearnableFakeQuant.Step plain = LearnableFakeQuant.apply(row, steps[c], 0, -8, 7, g, new float[] {1, 1, 1, 1});
            assertArrayEquals(plain.output(), Arrays.copyOfRange(result[0], 4 * c, 4 * c + 4), 0f, "values " + c);
            assertArrayEquals(plain.gradInput(), Arrays.copyOfRange(result[1], 4 * c, 4 * c + 4), 0f, "input gradient " + c);
            assertEquals(plain.gradScale(), result[2][c], 1e-6f, "step gradient " + c);
        }
    }

    /**
     * PACT by hand: α = 1 at 2 bits is the grid 0, 1/3, 2/3, 1. x = -1 is clipped to 0 (no
     * gradient), 0.2 and 0.5 pass the gradient, 1.0 and 1.7 are at or above α: their gradient
     * goes to α (eq. 3: ∂y/∂α = 1 for x ≥ α), none to x.
     */
    @Test
    void pactClipsAtAlphaAndHandsTheClippedValuesGradientToAlpha() {
        float[] input = {-1f, 0.2f, 0.5f, 1.0f, 1.7f};
        float[][] result = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                NDArray x = manager.create(input);
                NDArray alpha = manager.create(new float[] {1f}, new Shape(1));
                x.setRequiresGradient(true);
                alpha.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    y = StraightThrough.pact(x, alpha, 3, false);
                    collector.backward(y.mul(manager.create(new float[] {1, 2, 3, 4, 5})).sum());
                }
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray(), alpha.getGradient().toFloatArray()};
            }
        });
        float third = 1f / 3;
        assertArrayEquals(new float[] {0, third, 2 * third, 3 * third, 3 * third}, result[0], 0f, "values");
        assertArrayEquals(new float[] {0, 2, 3, 0, 0}, result[1], 0f, "x's gradient: the upstream inside [0, α)");
        assertArrayEquals(new float[] {4 + 5}, result[2], 0f, "α's gradient: the upstream where x ≥ α");
    }

    /** The step PACT trains with, computed on the device, is to the bit the step its converted grid has. */
    @Test
    void pactsStepOnTheDeviceIsTheConvertedGridsStep() {
        Random random = new Random(7);
        float[] alphas = new float[1000];
        for (int i = 0; i < alphas.length; i++) {
            alphas[i] = i < 10 ? i * QuantParams.EPS : (float) Math.exp(random.nextGaussian() * 4);
        }
        for (int qmax : new int[] {3, 15, 255}) {
            float[] device = TorchThread.call(() -> {
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    return StraightThrough.pactStep(manager.create(alphas), qmax).toFloatArray();
                }
            });
            for (int i = 0; i < alphas.length; i++) {
                assertEquals(Math.max(QuantParams.EPS, alphas[i] / qmax), device[i], 0f, "α = " + alphas[i] + ", qmax " + qmax);
            }
        }
    }

    /** sign(w)·mean|w| per output channel; the clipped gradient stops where |w| > 1, the identity one nowhere. */
    @Test
    void binaryWeightsAreSignTimesTheChannelsMeanMagnitude() {
        float[] w = {0.5f, -1.5f, -0.2f, 0f};
        for (StraightThrough.Gradient gradient : StraightThrough.Gradient.values()) {
            float[][] result = TorchThread.call(() -> {
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    NDArray x = manager.create(w, new Shape(2, 2));
                    x.setRequiresGradient(true);
                    NDArray y;
                    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                        y = StraightThrough.binarize(x, gradient);
                        collector.backward(y.sum());
                    }
                    return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
                }
            });
            assertArrayEquals(new float[] {1f, -1f, -0.1f, 0.1f}, result[0], 1e-7f, "values");
            assertArrayEquals(gradient == StraightThrough.Gradient.CLIPPED ? new float[] {1, 0, 1, 1}
                    : new float[] {1, 1, 1, 1}, result[1], 0f, gradient + " gradient");
        }
    }

    /** floor(x/s + u): 0.3 on a grid of step 1 becomes 1 about 30% of the time, so the mean stays 0.3; nearest gives 0. */
    @Test
    void stochasticRoundingIsUnbiased() {
        float[] means = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                Engine.getEngine("PyTorch").setRandomSeed(7);
                NDArray x = manager.full(new Shape(20_000), 0.3f);
                QuantParams grid = new QuantParams(1f, 0, -8, 7);
                NDArray stochastic = StraightThrough.fakeQuantize(x, grid, StraightThrough.Gradient.CLIPPED, true);
                NDArray nearest = StraightThrough.fakeQuantize(x, grid, StraightThrough.Gradient.CLIPPED, false);
                float[] values = stochastic.toFloatArray();
                for (float v : values) {
                    assertTrue(v == 0f || v == 1f, "on the grid: " + v);
                }
                return new float[] {stochastic.mean().getFloat(), nearest.mean().getFloat()};
            }
        });
        assertEquals(0.3, means[0], 0.02, "stochastic rounding's mean");
        assertEquals(0.0, means[1], 0.0, "round to nearest");
    }

    private static QuantParams perTensor(JsonNode p) {
        return new QuantParams((float) p.get("scale").asDouble(), p.get("zero_point").asInt(),
                p.get("quant_min").asInt(), p.get("quant_max").asInt());
    }

    private static PerChannelParams perChannel(JsonNode p) {
        return PerChannelParams.of(TorchReference.floats(p.get("scales")), TorchReference.ints(p.get("zero_points")),
                p.get("quant_min").asInt(), p.get("quant_max").asInt());
    }

    private static void check(JsonNode c, StraightThrough.Gradient gradient, Function<NDArray, NDArray> fakeQuantize) {
        float[] input = TorchReference.floats(c.get("input"));
        long[] dims = Arrays.stream(TorchReference.shape(c.get("input"))).asLongStream().toArray();
        float[] expectedGradient = TorchReference.floats(c.get("expected").get("grad_input"));
        if (gradient == StraightThrough.Gradient.IDENTITY) {
            Arrays.fill(expectedGradient, 1f);
        }
        float[][] result = TorchThread.call(() -> {
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                NDArray x = manager.create(input, new Shape(dims));
                x.setRequiresGradient(true);
                NDArray y;
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    y = fakeQuantize.apply(x);
                    collector.backward(y.sum()); // PyTorch's upstream gradient: ones
                }
                return new float[][] {y.toFloatArray(), x.getGradient().toFloatArray()};
            }
        });
        assertArrayEquals(TorchReference.floats(c.get("expected").get("output")), result[0], 0f, "values");
        assertArrayEquals(expectedGradient, result[1], 0f, "gradient");
    }
}
