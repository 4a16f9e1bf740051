package io.quantlab.deploy;

import io.quantlab.deploy.onnx.OnnxAttribute;
import io.quantlab.deploy.onnx.OnnxTensor;
import io.quantlab.model.ModelSpec;
import java.util.List;

/**
 * The ONNX file of a dynamically quantized model (PyTorch's {@code quantize_dynamic}): Linear
 * weights are int8 ahead of time, each batch's input to a Linear is quantized at run time
 * (DynamicQuantizeLinear, uint8 over the batch's own range), multiplied in integers
 * (MatMulInteger, int32 sums) and scaled back to float: y = float(acc) · (s_x · s_w) + b.
 * ONNX Runtime fuses the chain into DynamicQuantizeMatMul. Everything else stays FP32.
 */
public final class DynamicExport extends Fp32Export {

    private final ModelQuantization quantization;

    private DynamicExport(DeployPlan plan, TrainedParameters parameters, ModelQuantization quantization) {
        super(plan, parameters, "dynamic");
        this.quantization = quantization;
    }

    /** @throws IllegalArgumentException unless {@code quantization} is dynamic and covers every Linear step */
    public static byte[] write(ModelSpec spec, TrainedParameters parameters, InputNormalization normalization,
                               ModelQuantization quantization) {
        if (quantization.mode() != ModelQuantization.Mode.DYNAMIC) {
            throw new IllegalArgumentException(quantization.mode() + " quantization is written by QdqExport");
        }
        DeployPlan plan = DeployPlan.of(spec, quantization.foldBatchNorm());
        quantization.requireComplete(plan);
        return new DynamicExport(plan, parameters, quantization).write(normalization);
    }

    @Override
    protected void linear(DeployPlan.Step step, String input, String result) {
        String name = step.name();
        StepWeights weights = StepWeights.of(step, parameters);
        WeightQuantization wq = quantization.weights().get(name);
        int out = weights.outputChannels();
        int in = weights.weight().length / out;
        int[] q = wq.quantize(weights.weight(), weights.outputChannelAxis());
        int[] transposed = new int[q.length];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = q[o * in + i];
            }
        }
        int type = QdqExport.byteType(wq.channel(0));
        String weight = graph.constant(OnnxTensor.bytes(name + "_weight_q", type, new long[] {in, out}, transposed));
        String weightZero = graph.constant(OnnxTensor.bytes(name + "_weight_zero_point", type, wq.parameterDims(),
                wq.zeroPoints()));
        String weightScale = graph.constant(OnnxTensor.floats(name + "_weight_scale", wq.parameterDims(), wq.scales()));
        graph.node("DynamicQuantizeLinear", name + "_quantize_input", List.of(input),
                List.of(name + "_input_q", name + "_input_scale", name + "_input_zero_point"));
        String sums = graph.node("MatMulInteger", name, List.of(name + "_input_q", weight, name + "_input_zero_point",
                weightZero), name + "_int32");
        String floats = graph.node("Cast", name + "_cast", List.of(sums), name + "_sums", OnnxAttribute.of("to",
                OnnxTensor.FLOAT));
        String scale = graph.node("Mul", name + "_scale", List.of(name + "_input_scale", weightScale), name + "_scales");
        if (weights.bias() == null) {
            graph.node("Mul", name + "_rescale", List.of(floats, scale), result);
        } else {
            String product = graph.node("Mul", name + "_rescale", List.of(floats, scale), name + "_product");
            graph.node("Add", name + "_bias", List.of(product, floats(name + "_bias", weights.bias())), result);
        }
    }
}
