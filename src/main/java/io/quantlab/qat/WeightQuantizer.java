package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;

/**
 * How one Conv2d's or Linear's weight is fake-quantized while it trains (as PyTorch's
 * FakeQuantize modules, one per kind), and what the converted model keeps of it. Call inside
 * TorchThread work.
 */
sealed interface WeightQuantizer permits SteWeights, LsqWeights, BinaryWeights {

    /** The weight as the forward pass uses it: fake-quantized, with the quantizer's gradient. */
    NDArray apply(NDArray weight, boolean training);

    /**
     * Whether the weight is quantized after BatchNorm is folded into it, as deployed; binary
     * weights are binarized before, so that folding keeps them sign(w)·α up to a per-channel factor.
     */
    default boolean afterFolding() {
        return true;
    }

    /** The grid stops following the weight (learned parameters keep learning). */
    default void freeze() {}

    /** The learned parameter the optimizer trains with the model, or null. */
    default Parameter parameter() {
        return null;
    }

    /** The deployed grid of the trained layer's (folded) weights, or null when the layer is handed on as its own weights. */
    WeightQuantization grid(StepWeights folded);
}
