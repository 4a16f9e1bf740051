package io.quantlab.qat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import io.quantlab.quant.PerChannelParams;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.TorchReference;
import io.quantlab.torch.TorchThread;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Fake quantization in DJL's autograd graph against PyTorch's own fake-quantize ops on the same
 * inputs (shared/fixtures): the values to the bit, and the gradient of the sum, which for the
 * clipped straight-through estimator is 1 inside the grid and 0 where a value is clipped, and for
 * the identity estimator 1 everywhere.
 */
class StraightThroughTest {

    private static final String PER_TENSOR = "torch.fake_quantize_per_tensor_affine";
    private static final String PER_CHANNEL = "torch.fake_quantize_per_channel_affine";

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
