package io.quantlab.deploy;

import io.quantlab.deploy.onnx.OnnxTensor;
import io.quantlab.model.ModelSpec;

/**
 * The FP32 ONNX file of a trained model: the spec's layers as they are, BatchNorm as
 * BatchNormalization (ONNX Runtime folds it into the convolution itself when it loads the file).
 */
public class Fp32Export extends GraphExport {

    Fp32Export(DeployPlan plan, TrainedParameters parameters, String format) {
        super(plan, parameters, format);
    }

    public static byte[] write(ModelSpec spec, TrainedParameters parameters, InputNormalization normalization) {
        return new Fp32Export(DeployPlan.of(spec, false), parameters, "fp32").write(normalization);
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
