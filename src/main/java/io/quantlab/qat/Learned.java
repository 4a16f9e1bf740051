package io.quantlab.qat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;

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

    /** Sets the parameter's values in place (inside TorchThread work). */
    static void start(Parameter parameter, float... values) {
        parameter.getArray().set(values);
    }
}
