package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.quantlab.quant.ClipRange;
import io.quantlab.quant.QuantParams;

/**
 * How one tensor of the deployed graph's activations is fake-quantized while the model trains,
 * and its grid when converted. Call inside TorchThread work.
 */
sealed interface ActivationQuantizer permits SteActivation, LsqActivation, PactActivation {

    /** The tensor as the next step reads it: fake-quantized, with the quantizer's gradient. */
    NDArray apply(NDArray values, boolean training);

    /** The grid stops following the batches (learned parameters keep learning). */
    default void freeze() {}

    /** The learned parameter the optimizer trains with the model, or null. */
    default Parameter parameter() {
        return null;
    }

    /** The grid as it stands: the converted model's. */
    QuantParams grid();

    /** Whether the quantizer has seen a batch yet. */
    boolean started();

    /**
     * The range {@code config} chooses for one batch of a tensor (min-max, clip ratio or percentile).
     *
     * @throws io.quantlab.InvalidInputException ({@code learningRate}) when the values are no longer finite
     */
    static ClipRange batchRange(NDArray values, QatConfig config) {
        NDArray plain = values.stopGradient();
        float min = plain.min().getFloat();
        float max = plain.max().getFloat();
        QuantizationAwareTraining.requireFinite(min + max, "an activation");
        return config.range() == QatConfig.Range.PERCENTILE ? config.range(plain.toFloatArray(), config.activationFormat())
                : config.clipped(new ClipRange(min, max));
    }
}
