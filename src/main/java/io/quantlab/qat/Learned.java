package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import io.quantlab.quant.QuantParams;

/**
 * A quantizer's learned parameter (LSQ's step, PACT's clip): a parameter of the QAT block, so
 * the training loop's optimizer updates it with the model's weights. Its start depends on the
 * data (the weight or the first batch), so it is set when the quantizer first sees it.
 */
final class Learned {
    private Learned() {}

    static Parameter parameter(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.OTHER).optShape(shape)
                .optInitializer(new ConstantInitializer(1f)).build();
    }

    /**
     * Values shaped as {@code parameter} that stay fixed (LSQ's zero-points), kept from batch to
     * batch: owned by the parameter's manager, out of the forward pass's scope.
     */
    static NDArray fixed(Parameter parameter, float... values) {
        NDArray array = parameter.getArray().getManager().create(values, parameter.getArray().getShape());
        NDScope.unregister(array);
        return array;
    }

    /**
     * The smallest learned step or clip step: float32's epsilon, the floor PyTorch's
     * _LearnableFakeQuantize clamps its scale to before every forward pass. A step far below it
     * (the optimizer can drive one to 0 or past it) makes the INT8 bias grid, input step × weight
     * step, smaller than any float32 scale.
     */
    static final float MIN_STEP = QuantParams.EPS;

    /**
     * Raises every value below {@code min} to it, in place, as PyTorch's scale.data.clamp_(min=eps),
     * on the parameter's own device (no copy to the host: it runs before every forward pass). It
     * writes through a detached view, as {@code .data} does, so autograd does not see the write.
     */
    static void floor(Parameter parameter, float min) {
        try (NDArray data = parameter.getArray().stopGradient();
             NDArray below = data.lt(min)) { // NaN compares false: left for the fine-tuning's finite check to report
            data.set(below, min);
        }
    }

    /** Sets the parameter's values in place (inside TorchThread work). */
    static void start(Parameter parameter, float... values) {
        parameter.getArray().set(values);
    }
}
