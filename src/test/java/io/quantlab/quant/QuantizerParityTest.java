package io.quantlab.quant;

import static io.quantlab.quant.TorchReference.each;
import static io.quantlab.quant.TorchReference.f32;
import static io.quantlab.quant.TorchReference.floats;
import static io.quantlab.quant.TorchReference.ints;
import static io.quantlab.quant.TorchReference.ones;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Quantize, dequantize and fake-quantize against PyTorch 1.13's kernels: exact, ties included. */
class QuantizerParityTest {
    @TestFactory
    Stream<DynamicTest> fakeQuantizePerTensorMatchesPyTorchBitForBitWithItsSteMask() {
        return each("torch.fake_quantize_per_tensor_affine", c -> {
            JsonNode p = c.get("params");
            JsonNode expected = c.get("expected");
            QuantParams params = new QuantParams(f32(p.get("scale")), p.get("zero_point").asInt(),
                    p.get("quant_min").asInt(), p.get("quant_max").asInt());
            float[] x = floats(c.get("input"));
            assertArrayEquals(floats(expected.get("output")), Quantizer.fakeQuantize(x, params));
            assertArrayEquals(floats(expected.get("grad_input")), Quantizer.steGradient(x, params, ones(x.length)));
            if (expected.has("clipped_count")) {
                assertEquals(expected.get("clipped_count").asInt(), Quantizer.clippedCount(x, params));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> fakeQuantizePerChannelMatchesPyTorchBitForBit() {
        return each("torch.fake_quantize_per_channel_affine", c -> {
            JsonNode p = c.get("params");
            JsonNode expected = c.get("expected");
            PerChannelParams params = PerChannelParams.of(floats(p.get("scales")), ints(p.get("zero_points")),
                    p.get("quant_min").asInt(), p.get("quant_max").asInt());
            ChannelAxis axis = ChannelAxis.of(TorchReference.shape(c.get("input")), p.get("axis").asInt());
            float[] x = floats(c.get("input"));
            assertArrayEquals(floats(expected.get("output")), Quantizer.fakeQuantize(x, axis, params));
            assertArrayEquals(floats(expected.get("grad_input")), Quantizer.steGradient(x, axis, params, ones(x.length)));
        });
    }

    @TestFactory
    Stream<DynamicTest> quantizeAndDequantizeMatchPyTorchExactlyIncludingTies() {
        return each("torch.quantize_per_tensor", c -> {
            JsonNode p = c.get("params");
            JsonNode expected = c.get("expected");
            boolean signed = p.get("dtype").asText().equals("qint8");
            QuantParams params = new QuantParams(f32(p.get("scale")), p.get("zero_point").asInt(),
                    signed ? -128 : 0, signed ? 127 : 255);
            int[] q = Quantizer.quantize(floats(c.get("input")), params);
            assertArrayEquals(ints(expected.get("int_repr")), q);
            assertArrayEquals(floats(expected.get("dequantize")), Quantizer.dequantize(q, params));
        });
    }
}
