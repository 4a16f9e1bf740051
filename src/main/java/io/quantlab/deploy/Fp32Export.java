package io.quantlab.deploy;

import io.quantlab.deploy.onnx.OnnxTensor;
import io.quantlab.model.ModelSpec;

/**
 * The FP32 ONNX file of a trained model: the spec's layers as they are, BatchNorm as
 * BatchNormalization (ONNX Runtime folds it into the convolution itself when it loads the file).
 */
public final class Fp32Export extends GraphExport {

    private Fp32Export(DeployPlan plan, TrainedParameters parameters) {
        super(plan, parameters, "fp32");
    }

    public static byte[] write(ModelSpec spec, TrainedParameters parameters, InputNormalization normalization) {
        return new Fp32Export(DeployPlan.of(spec, false), parameters).write(normalization);
    }

    @Override
    protected String read(String tensor) {
        return tensor;
    }

    @Override
    protected void written(String tensor) {}

    @Override
    protected String inside(String tensor, String grid) {
        return tensor;
    }

    @Override
    protected String[] weightAndBias(DeployPlan.Step step) {
        StepWeights weights = StepWeights.of(step, parameters);
        String weight = graph.constant(OnnxTensor.floats(step.name() + "_weight", weights.dims(), weights.weight()));
        return new String[] {weight, weights.bias() == null ? null : floats(step.name() + "_bias", weights.bias())};
    }
}
