package io.quantlab.quant;

import static io.quantlab.quant.TorchReference.assertClose;
import static io.quantlab.quant.TorchReference.assertParams;
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

/** LSQ gradients, error metrics, BN folding and integer Linear against PyTorch 1.13 (and its textbook reference). */
class TrainingAndInferenceParityTest {
    @TestFactory
    Stream<DynamicTest> learnableFakeQuantGradientsMatchPyTorch() {
        return each("torch._fake_quantize_learnable_per_tensor_affine", c -> {
            JsonNode p = c.get("params");
            JsonNode expected = c.get("expected");
            float[] x = floats(c.get("input"));
            LearnableFakeQuant.Step step = LearnableFakeQuant.apply(x, f32(p.get("scale")), f32(p.get("zero_point")),
                    p.get("quant_min").asInt(), p.get("quant_max").asInt(), f32(p.get("grad_factor")), ones(x.length));
            assertArrayEquals(floats(expected.get("output")), step.output());
            assertArrayEquals(floats(expected.get("grad_input")), step.gradInput());
            // PyTorch sums the per-element gradients in float32 (in its own order), we in float64.
            assertClose(expected.get("grad_scale").asDouble(), step.gradScale(), "grad_scale");
            assertClose(expected.get("grad_zero_point").asDouble(), step.gradZeroPoint(), "grad_zero_point");
        });
    }

    @TestFactory
    Stream<DynamicTest> errorMetricsOfTextbookRestrictedSymmetricMatchReference() {
        return each("error_metrics(torch.fake_quantize_per_tensor_affine)", c -> {
            float[] x = floats(c.get("input"));
            ClipRange range = new RangeEstimator.MinMax().estimate(x, QuantFormat.quint8());
            for (JsonNode perBits : c.get("expected").get("per_bits")) {
                int bits = perBits.get("bits").asInt();
                QuantFormat format = new QuantFormat(bits, true, QuantScheme.SYMMETRIC_RESTRICTED, false);
                assertEquals(perBits.get("quant_min").asInt(), format.qmin(), bits + " bits qmin");
                assertEquals(perBits.get("quant_max").asInt(), format.qmax(), bits + " bits qmax");
                QuantParams params = QuantParams.fromRange(range, format);
                assertParams(perBits.get("scale"), perBits.get("zero_point").asInt(), params);
                int[] q = Quantizer.quantize(x, params);
                assertArrayEquals(ints(perBits.get("q")), q, bits + " bits q");
                assertArrayEquals(floats(perBits.get("dequantized")), Quantizer.dequantize(q, params), bits + " bits x̂");
                ErrorMetrics metrics = ErrorMetrics.measure(x, params);
                assertClose(perBits.get("mse").asDouble(), metrics.mse(), bits + " bits mse");
                assertClose(perBits.get("max_abs_error").asDouble(), metrics.maxAbsError(), bits + " bits max error");
                assertClose(perBits.get("sqnr_db").asDouble(), metrics.sqnrDb(), bits + " bits sqnr");
                assertEquals(perBits.get("levels_used").asInt(), metrics.levelsUsed(), bits + " bits levels used");
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> batchNormFoldingMatchesFuseConvBnWeights() {
        return each("torch.nn.utils.fusion.fuse_conv_bn_weights", c -> {
            JsonNode in = c.get("inputs");
            JsonNode expected = c.get("expected");
            float eps = f32(c.get("params").get("bn_eps"));
            BatchNormFolding.BatchNorm bn = new BatchNormFolding.BatchNorm(floats(in.get("bn_weight")), floats(in.get("bn_bias")),
                    floats(in.get("bn_running_mean")), floats(in.get("bn_running_var")), eps);
            float[] weight = floats(in.get("conv_weight"));
            BatchNormFolding.Folded folded = BatchNormFolding.fold(weight, floats(in.get("conv_bias")), bn);
            assertArrayEquals(floats(expected.get("folded_weight")), folded.weight(), 1e-7f);
            assertArrayEquals(floats(expected.get("folded_bias")), folded.bias(), 1e-7f);

            // Behaviour: the folded conv computes what conv followed by BN computed.
            int[] wShape = TorchReference.shape(in.get("conv_weight"));
            int[] xShape = TorchReference.shape(in.get("x"));
            int padding = c.get("params").get("conv_padding").asInt();
            float[] output = Conv2d.forward(floats(in.get("x")), xShape, folded.weight(), wShape, folded.bias(), padding);
            double tolerance = expected.get("max_abs_diff_folded_vs_unfolded").asDouble() + 1e-6;
            assertArrayEquals(floats(expected.get("output_conv_then_bn")), output, (float) tolerance);
            assertArrayEquals(floats(expected.get("output_folded_conv")), output, 1e-6f);
        });
    }

    @TestFactory
    Stream<DynamicTest> integerLinearMatchesPyTorchQuantizedLinear() {
        return each("torch.ao.nn.quantized.Linear", c -> {
            JsonNode p = c.get("params");
            JsonNode in = c.get("inputs");
            JsonNode expected = c.get("expected");
            QuantParams input = new QuantParams(f32(p.get("input_scale")), p.get("input_zero_point").asInt(), 0, 255);
            QuantParams weight = new QuantParams(f32(p.get("weight_scale")), p.get("weight_zero_point").asInt(), -128, 127);
            QuantParams output = new QuantParams(f32(p.get("output_scale")), p.get("output_zero_point").asInt(), 0, 255);
            int[] xq = Quantizer.quantize(floats(in.get("x")), input);
            assertArrayEquals(ints(expected.get("x_int_repr")), xq);
            IntegerLinear.Result result = IntegerLinear.forward(xq, input, ints(in.get("weight_int8")), weight,
                    floats(in.get("bias")), output, p.get("in_features").asInt());
            assertArrayEquals(ints(expected.get("accumulator_int32")), result.accumulators());
            assertArrayEquals(ints(expected.get("output_int_repr")), result.output(), "onednn output");
            assertArrayEquals(ints(expected.get("textbook_output_int_repr")), result.output(), "textbook output");
            assertArrayEquals(floats(expected.get("output_dequantized")), result.dequantized());
        });
    }
}
