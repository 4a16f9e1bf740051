package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import io.quantlab.deploy.StepWeights;
import io.quantlab.deploy.WeightQuantization;

/**
 * XNOR-Net's binary weights ({@link StraightThrough#binarize}): sign(w)·α per output channel,
 * taken of the layer's own weight before BatchNorm is folded in. The converted model holds the
 * binarized weights themselves, with no grid: folding multiplies each channel's α by a factor,
 * so what runs stays one bit and one scale per channel.
 */
record BinaryWeights(StraightThrough.Gradient gradient) implements WeightQuantizer {

    @Override
    public NDArray apply(NDArray weight, boolean training) {
        return StraightThrough.binarize(weight, gradient);
    }

    @Override
    public boolean afterFolding() {
        return false;
    }

    @Override
    public WeightQuantization grid(StepWeights folded) {
        return null;
    }
}
