package io.quantlab.deploy;

import io.quantlab.InvalidInputException;
import io.quantlab.model.Node;
import io.quantlab.quant.QuantParams;
import java.util.Map;

/**
 * The quantization of a model, as a PTQ calibration fills it: per Conv2d or Linear step (by node
 * name) its weights' grid, and per tensor of {@link DeployPlan#quantizedTensors()} its activation
 * grid. {@code foldBatchNorm} must match the plan the parameters were computed on (the weights
 * quantized are the folded ones).
 *
 * <ul>
 *   <li>{@link Mode#STATIC}: every weighted step and every quantized tensor ({@link QdqExport});
 *   <li>{@link Mode#WEIGHT_ONLY}: every weighted step, no activations ({@link QdqExport}; the
 *       operators then compute in float on dequantized weights);
 *   <li>{@link Mode#DYNAMIC}: the Linear steps only, activations quantized per batch at run time
 *       ({@link DynamicExport}), as PyTorch's {@code quantize_dynamic} does.
 * </ul>
 */
public record ModelQuantization(Mode mode, boolean foldBatchNorm, Map<String, WeightQuantization> weights,
                                Map<String, QuantParams> activations) {

    public enum Mode { STATIC, DYNAMIC, WEIGHT_ONLY }

    public ModelQuantization {
        weights = Map.copyOf(weights);
        activations = Map.copyOf(activations);
    }

    /** Static quantization: weights and activations. */
    public ModelQuantization(boolean foldBatchNorm, Map<String, WeightQuantization> weights,
                             Map<String, QuantParams> activations) {
        this(Mode.STATIC, foldBatchNorm, weights, activations);
    }

    /**
     * Checks every step and tensor that {@code mode} quantizes in {@code plan} has parameters, and
     * nothing else, and that the activation grids are 8-bit, as a deployed graph needs.
     */
    public void requireComplete(DeployPlan plan) {
        requireParameters(plan);
        if (mode != Mode.STATIC) {
            return;
        }
        for (String tensor : plan.quantizedTensors()) {
            QuantParams params = activations.get(tensor);
            if (!(params.qmin() == 0 && params.qmax() == 255) && !(params.qmin() == -128 && params.qmax() == 127)) {
                throw new InvalidInputException("activationBits", "a deployed graph quantizes activations to"
                        + " 8 bits (uint8 or int8); tensor " + tensor + " has the grid " + params.qmin() + ".."
                        + params.qmax() + ", which only simulation can run");
            }
        }
    }

    /** Checks every step and tensor that {@code mode} quantizes in {@code plan} has parameters (of any bits), and nothing else. */
    public void requireParameters(DeployPlan plan) {
        if (plan.foldBatchNorm() != foldBatchNorm) {
            throw new IllegalArgumentException("quantization computed with foldBatchNorm=" + foldBatchNorm
                    + " for a plan with foldBatchNorm=" + plan.foldBatchNorm());
        }
        for (DeployPlan.Step step : plan.weightedSteps()) {
            boolean needed = mode != Mode.DYNAMIC || step.op() instanceof Node.Linear;
            if (needed != weights.containsKey(step.name())) {
                throw new IllegalArgumentException((needed ? "no" : "unexpected") + " weight quantization for "
                        + step.name() + " in " + mode + " mode");
            }
        }
        if (mode != Mode.STATIC) {
            if (!activations.isEmpty()) {
                throw new IllegalArgumentException(mode + " mode takes no activation parameters");
            }
            return;
        }
        for (String tensor : plan.quantizedTensors()) {
            if (!activations.containsKey(tensor)) {
                throw new IllegalArgumentException("no activation quantization for tensor " + tensor);
            }
        }
    }

    /** The widest weight grid's bits. */
    public int weightBits() {
        return weights.values().stream().mapToInt(WeightQuantization::bits).max().orElse(0);
    }
}
