package io.quantlab.deploy;

import io.quantlab.InvalidInputException;
import io.quantlab.quant.QuantParams;
import java.util.List;
import java.util.Map;

/**
 * The quantization of a model, as a PTQ calibration fills it: for each Conv2d or Linear step (by
 * node name) its weights' grid, and for each tensor of {@link DeployPlan#quantizedTensors()} its
 * activation grid. {@code foldBatchNorm} must match the plan the parameters were computed on (the
 * weights quantized are the folded ones).
 */
public record ModelQuantization(boolean foldBatchNorm, Map<String, WeightQuantization> weights,
                                Map<String, QuantParams> activations) {

    public ModelQuantization {
        weights = Map.copyOf(weights);
        activations = Map.copyOf(activations);
    }

    /** Checks every weighted step and every quantized tensor of {@code plan} has parameters. */
    public void requireComplete(DeployPlan plan) {
        if (plan.foldBatchNorm() != foldBatchNorm) {
            throw new IllegalArgumentException("quantization computed with foldBatchNorm=" + foldBatchNorm
                    + " for a plan with foldBatchNorm=" + plan.foldBatchNorm());
        }
        for (DeployPlan.Step step : plan.weightedSteps()) {
            if (!weights.containsKey(step.name())) {
                throw new IllegalArgumentException("no weight quantization for " + step.name());
            }
        }
        List<String> tensors = plan.quantizedTensors();
        for (String tensor : tensors) {
            QuantParams params = activations.get(tensor);
            if (params == null) {
                throw new IllegalArgumentException("no activation quantization for tensor " + tensor);
            }
            if (!(params.qmin() == 0 && params.qmax() == 255) && !(params.qmin() == -128 && params.qmax() == 127)) {
                throw new InvalidInputException("activationBits", "a deployed graph quantizes activations to"
                        + " 8 bits (uint8 or int8); tensor " + tensor + " has the grid " + params.qmin() + ".."
                        + params.qmax() + ", which only simulation can run");
            }
        }
    }

    /** The widest weight grid's bits. */
    public int weightBits() {
        return weights.values().stream().mapToInt(WeightQuantization::bits).max().orElse(0);
    }
}
