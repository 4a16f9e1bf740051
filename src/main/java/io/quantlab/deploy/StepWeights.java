package io.quantlab.deploy;

import io.quantlab.model.Node;
import io.quantlab.quant.BatchNormFolding;
import io.quantlab.quant.ChannelAxis;

/**
 * The FP32 weight and bias of a Conv2d or Linear step as the deployed graph uses them: with a
 * folded BatchNorm already multiplied in ({@link BatchNormFolding}). {@code dims} is ONNX's
 * layout, output channel first: [out, in/groups, k, k] for Conv, [out, in] for Gemm with transB.
 * {@code bias} is null for a layer without one.
 */
public record StepWeights(float[] weight, long[] dims, float[] bias) {

    public static StepWeights of(DeployPlan.Step step, TrainedParameters parameters) {
        String name = step.name();
        float[] weight = parameters.require(name, "weight");
        float[] bias = parameters.get(name, "bias");
        long[] dims;
        if (step.op() instanceof Node.Conv2d conv) {
            int out = conv.outChannels();
            int k = conv.kernel();
            dims = new long[] {out, weight.length / ((long) out * k * k), k, k};
        } else if (step.op() instanceof Node.Linear linear) {
            dims = new long[] {linear.outFeatures(), weight.length / linear.outFeatures()};
        } else {
            throw new IllegalArgumentException(step.op().kind() + " " + name + " has no weights");
        }
        if (step.foldedBatchNorm() != null) {
            BatchNormFolding.Folded folded = BatchNormFolding.fold(weight, bias,
                    parameters.batchNorm(step.foldedBatchNorm()));
            return new StepWeights(folded.weight(), dims, folded.bias());
        }
        return new StepWeights(weight, dims, bias);
    }

    public int outputChannels() {
        return (int) dims[0];
    }

    /** Output channels as the channel axis: what per-channel weight quantization splits by. */
    public ChannelAxis outputChannelAxis() {
        return new ChannelAxis(outputChannels(), weight.length / outputChannels());
    }
}
