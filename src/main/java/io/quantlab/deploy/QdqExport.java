package io.quantlab.deploy;

import io.quantlab.deploy.onnx.OnnxAttribute;
import io.quantlab.deploy.onnx.OnnxTensor;
import io.quantlab.model.ModelSpec;
import io.quantlab.quant.QuantParams;
import io.quantlab.quant.Quantizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The INT8 ONNX file of a quantized model in QDQ form: every quantized tensor passes through
 * QuantizeLinear then DequantizeLinear; weights are stored as integers (int8, or int4 at 4 bits
 * or fewer) behind a DequantizeLinear, per tensor or per output channel (axis 0); a bias is int32
 * with scale s_in·s_w and zero-point 0. BatchNorm is folded into its convolution when the
 * quantization says so. ONNX Runtime (optimization level ALL) fuses each
 * DequantizeLinear → op → QuantizeLinear group into an integer kernel (QLinearConv, QGemm,
 * QLinearAdd, QLinearAveragePool, …); {@link IntegerKernelCheck} tells whether it did.
 */
public final class QdqExport extends GraphExport {

    private final ModelQuantization quantization;
    private final Map<String, String> grids = new HashMap<>();

    private QdqExport(DeployPlan plan, TrainedParameters parameters, ModelQuantization quantization) {
        super(plan, parameters, quantization.mode() == ModelQuantization.Mode.STATIC ? "qdq-static" : "qdq-weight-only");
        this.quantization = quantization;
        for (String tensor : quantization.activations().isEmpty() ? List.<String>of() : tensors(plan)) {
            String grid = plan.gridOf(tensor);
            if (grid != null) {
                grids.put(tensor, grid);
            }
        }
    }

    /**
     * @throws IllegalArgumentException when {@code quantization} misses a layer or tensor of the plan
     * @throws io.quantlab.InvalidInputException (field "activationBits") for an activation grid
     *     other than 8 bits
     */
    public static byte[] write(ModelSpec spec, TrainedParameters parameters, InputNormalization normalization,
                               ModelQuantization quantization) {
        if (quantization.mode() == ModelQuantization.Mode.DYNAMIC) {
            throw new IllegalArgumentException("dynamic quantization is written by DynamicExport");
        }
        DeployPlan plan = DeployPlan.of(spec, quantization.foldBatchNorm());
        quantization.requireComplete(plan);
        return new QdqExport(plan, parameters, quantization).write(normalization);
    }

    private static List<String> tensors(DeployPlan plan) {
        List<String> all = new ArrayList<>(List.of(ModelSpec.INPUT));
        plan.steps().forEach(step -> all.add(step.output()));
        return all;
    }

    @Override
    protected String read(String tensor) {
        return grids.containsKey(tensor) ? tensor + "_dq" : tensor;
    }

    @Override
    protected void written(String tensor) {
        String grid = grids.get(tensor);
        if (grid != null) {
            quantizeAndDequantize(tensor, grid);
        }
    }

    @Override
    protected String inside(String tensor, String grid) {
        return grids.containsKey(grid) ? quantizeAndDequantize(tensor, grids.get(grid)) : tensor;
    }

    private String quantizeAndDequantize(String tensor, String grid) {
        QuantParams params = quantization.activations().get(grid);
        String scale = graph.constant(OnnxTensor.floats(grid + "_scale", new long[0], new float[] {params.scale()}));
        String zeroPoint = graph.constant(OnnxTensor.bytes(grid + "_zero_point", byteType(params), new long[0],
                new int[] {params.zeroPoint()}));
        String quantized = graph.node("QuantizeLinear", tensor + "_quantize", List.of(tensor, scale, zeroPoint),
                tensor + "_q");
        return graph.node("DequantizeLinear", tensor + "_dequantize", List.of(quantized, scale, zeroPoint),
                tensor + "_dq");
    }

    @Override
    protected String[] weightAndBias(DeployPlan.Step step) {
        String name = step.name();
        StepWeights weights = StepWeights.of(step, parameters);
        WeightQuantization wq = quantization.weights().get(name);
        int channels = weights.outputChannels();
        int[] q = wq.quantize(weights.weight(), weights.outputChannelAxis());
        float[] scales = wq.scales();
        int[] zeroPoints = wq.zeroPoints();
        long[] parameterDims = wq.parameterDims();
        boolean int4 = wq.bits() <= 4 && wq.channel(0).qmin() < 0;
        OnnxTensor values = int4 ? OnnxTensor.int4(name + "_weight_q", weights.dims(), q)
                : OnnxTensor.bytes(name + "_weight_q", byteType(wq.channel(0)), weights.dims(), q);
        OnnxTensor zero = int4 ? OnnxTensor.int4(name + "_weight_zero_point", parameterDims, zeroPoints)
                : OnnxTensor.bytes(name + "_weight_zero_point", byteType(wq.channel(0)), parameterDims, zeroPoints);
        String weight = dequantize(name + "_weight", graph.constant(values),
                graph.constant(OnnxTensor.floats(name + "_weight_scale", parameterDims, scales)),
                graph.constant(zero), wq.isPerChannel());
        if (weights.bias() == null) {
            return new String[] {weight, null};
        }
        String inputGrid = grids.get(step.inputs().get(0));
        if (inputGrid == null) {
            return new String[] {weight, floats(name + "_bias", weights.bias())};
        }
        float inputScale = quantization.activations().get(inputGrid).scale();
        float[] biasScales = new float[scales.length];
        int[] biasValues = new int[channels];
        for (int c = 0; c < channels; c++) {
            QuantParams grid = wq.biasGrid(c, inputScale);
            biasScales[wq.isPerChannel() ? c : 0] = grid.scale();
            biasValues[c] = Quantizer.quantize(new float[] {weights.bias()[c]}, grid)[0];
        }
        String bias = dequantize(name + "_bias",
                graph.constant(OnnxTensor.int32(name + "_bias_q", new long[] {channels}, biasValues)),
                graph.constant(OnnxTensor.floats(name + "_bias_scale", parameterDims, biasScales)), null,
                wq.isPerChannel());
        return new String[] {weight, bias};
    }

    /** Every weight 1/k² stored as 127 with scale 1/(127·k²): exact up to the scale's float rounding. */
    @Override
    protected String averagingWeights(String name, int channels, int k) {
        int[] values = new int[channels * k * k];
        Arrays.fill(values, 127);
        return dequantize(name + "_weight",
                graph.constant(OnnxTensor.bytes(name + "_weight_q", OnnxTensor.INT8, new long[] {channels, 1, k, k},
                        values)),
                graph.constant(OnnxTensor.floats(name + "_weight_scale", new long[0], new float[] {1f / (127f * k * k)})),
                graph.constant(OnnxTensor.bytes(name + "_weight_zero_point", OnnxTensor.INT8, new long[0], new int[] {0})),
                false);
    }

    private String dequantize(String name, String values, String scale, String zeroPoint, boolean perChannel) {
        List<String> inputs = zeroPoint == null ? List.of(values, scale) : List.of(values, scale, zeroPoint);
        return perChannel ? graph.node("DequantizeLinear", name + "_dequantize", inputs, name + "_dq",
                OnnxAttribute.of("axis", 0))
                : graph.node("DequantizeLinear", name + "_dequantize", inputs, name + "_dq");
    }

    /** INT8 for a signed grid, UINT8 for an unsigned one. */
    static int byteType(QuantParams params) {
        return params.qmin() < 0 ? OnnxTensor.INT8 : OnnxTensor.UINT8;
    }
}
