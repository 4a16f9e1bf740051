package io.quantlab.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;

/**
 * PyTorch's default initialization of a Conv2d or Linear layer ({@code reset_parameters} in
 * torch/nn/modules/conv.py and linear.py): weight and bias both uniform in ±1/√fan_in, fan_in being
 * the weight's size per output unit (in_channels/groups·kH·kW, or in_features). PyTorch writes the
 * weight's part as {@code kaiming_uniform_(a=√5)}, whose bound gain·√(3/fan_in) with
 * gain = √(2/(1 + a²)) is the same 1/√fan_in. DJL's defaults differ (He-normal weights, zero
 * biases); with these, a zoo model starts as the same model in PyTorch does, so results compare.
 *
 * <p>Values come from the engine's generator (PyTorch's), drawn in node order, weight before bias:
 * seeded alike, a model starts with PyTorch's very values.
 */
final class TorchDefaultInit implements Initializer {

    private final Parameter weight;

    private TorchDefaultInit(Parameter weight) {
        this.weight = weight;
    }

    /** Makes {@code layer} (a DJL Conv2d or Linear, not yet initialized) start as PyTorch's would; returns it. */
    static Block applyTo(Block layer) {
        Initializer init = new TorchDefaultInit(layer.getParameters().get("weight"));
        layer.setInitializer(init, Parameter.Type.WEIGHT);
        layer.setInitializer(init, Parameter.Type.BIAS);
        return layer;
    }

    /** 1/√fan_in for a weight of shape [out, in/groups, kH, kW] or [out, in]. */
    static double bound(Shape weightShape) {
        long fanIn = weightShape.size() / weightShape.get(0);
        return 1 / Math.sqrt(fanIn);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        // the bias needs its layer's fan-in: DJL sets every parameter's shape before initializing any
        float bound = (float) bound(weight.getShape());
        return manager.randomUniform(-bound, bound, shape, dataType);
    }
}
