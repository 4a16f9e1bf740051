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

    /**
     * Whether {@link #requireComplete} passes: every step and tensor {@code mode} quantizes has
     * parameters, the activations at 8 bits, so the quantization can be exported as a graph.
     */
    public boolean isComplete(DeployPlan plan) {
        try {
            requireComplete(plan);
            return true;
        } catch (IllegalArgumentException | InvalidInputException e) {
            return false;
        }
    }

    /** Checks every step and tensor that {@code mode} quantizes in {@code plan} has parameters (of any bits), and nothing else. */
    public void requireParameters(DeployPlan plan) {
        requireKnownTo(plan);
        for (DeployPlan.Step step : plan.weightedSteps()) {
            boolean needed = mode != Mode.DYNAMIC || step.op() instanceof Node.Linear;
            if (needed && !weights.containsKey(step.name())) {
                throw new IllegalArgumentException("no weight quantization for " + step.name() + " in " + mode + " mode");
            }
        }
        if (mode != Mode.STATIC) {
            return;
        }
        for (String tensor : plan.quantizedTensors()) {
            if (!activations.containsKey(tensor)) {
                throw new IllegalArgumentException("no activation quantization for tensor " + tensor);
            }
        }
    }

    /**
     * Checks this quantization belongs to {@code plan}: the same BatchNorm folding, weights only
     * for steps {@code mode} quantizes, activations only for tensors the plan quantizes (static
     * mode). Unlike {@link #requireParameters} it allows steps and tensors to be left out: a
     * simulation runs those in FP32.
     */
    public void requireKnownTo(DeployPlan plan) {
        if (plan.foldBatchNorm() != foldBatchNorm) {
            throw new IllegalArgumentException("quantization computed with foldBatchNorm=" + foldBatchNorm
                    + " for a plan with foldBatchNorm=" + plan.foldBatchNorm());
        }
        for (String step : weights.keySet()) {
            DeployPlan.Step known = plan.weightedSteps().stream().filter(s -> s.name().equals(step)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("weight quantization for " + step
                            + ", which is not a Conv2d or Linear step of model " + plan.spec().name()));
            if (mode == Mode.DYNAMIC && !(known.op() instanceof Node.Linear)) {
                throw new IllegalArgumentException("unexpected weight quantization for " + step + " in " + mode + " mode");
            }
        }
        if (mode != Mode.STATIC && !activations.isEmpty()) {
            throw new IllegalArgumentException(mode + " mode takes no activation parameters");
        }
        for (String tensor : activations.keySet()) {
            if (!plan.quantizedTensors().contains(tensor)) {
                throw new IllegalArgumentException("activation quantization for " + tensor
                        + ", which the plan does not quantize");
            }
        }
    }

    /**
     * This quantization restricted to one step: its weights and, in static mode, its output
     * tensor's grid (where the plan quantizes it); everything else stays FP32. What layer
     * sensitivity simulates, one step at a time.
     */
    public ModelQuantization onlyStep(DeployPlan.Step step) {
        Map<String, WeightQuantization> stepWeights = weights.containsKey(step.name())
                ? Map.of(step.name(), weights.get(step.name())) : Map.of();
        Map<String, QuantParams> stepOutput = activations.containsKey(step.output())
                ? Map.of(step.output(), activations.get(step.output())) : Map.of();
        return new ModelQuantization(mode, foldBatchNorm, stepWeights, stepOutput);
    }

    /** The widest weight grid's bits. */
    public int weightBits() {
        return weights.values().stream().mapToInt(WeightQuantization::bits).max().orElse(0);
    }
}
